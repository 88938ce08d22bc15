"""Revise shipped related terms: 营销 is marketing, not sales; nurse is 护士, not every 护理 job;
more ways to say kindergarten teacher, front-end developer, community assistant, civil engineer.

Only rows still as shipped are changed (an officer's edit wins)."""

from django.db import migrations

CHANGES = [
    ("销售 销售代表 业务员 销售专员 营销 业务代表", "", "销售 销售代表 业务员 销售专员 业务代表 销售顾问", ""),
    ("市场 市场营销 市场推广 推广", "", "市场 市场营销 市场推广 推广 营销", ""),
    ("nurse nursing", "护士 护理", "nurse", "护士"),
    ("幼师 幼儿教师 幼儿园老师 幼教", "", "幼师 幼儿教师 幼儿园老师 幼儿园教师 幼教 学前教育 托育 保育员 早教老师", ""),
    ("前端 前端开发 web前端 h5 html5", "", "前端 前端开发 web前端 h5 html5 网页前端 网页开发 vue react javascript", ""),
    (
        "社区助理 社区工作者 社区专干 网格员 社区干事",
        "",
        "社区助理 社区工作者 社区专干 网格员 社区干事 社区工作人员 社区服务 社区协管员 居委会",
        "",
    ),
    ("土木 土建 土木工程 结构工程师", "", "土木 土建 土木工程 结构工程师 路桥 道路桥梁", ""),
]
ADDED = [("nursing", "护理")]


def revise(apps, schema_editor):
    RelatedTerms = apps.get_model("search", "RelatedTerms")
    for words, targets, new_words, new_targets in CHANGES:
        RelatedTerms.objects.filter(words=words, targets=targets, updated_by=None).update(
            words=new_words, targets=new_targets
        )
    for words, targets in ADDED:
        RelatedTerms.objects.get_or_create(words=words, targets=targets)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_load_related_terms")]
    operations = [migrations.RunPython(revise, migrations.RunPython.noop)]
