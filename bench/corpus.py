"""A synthetic corpus of Shanxi job postings: the search benchmark's and the parity suite's.

Deterministic for a given seed: realistic titles over every job category, Shanxi cities and
districts, salaries (some negotiable), education levels and job types; and the 50 query shapes
(words, filters, salary bands, sorts, pages, facets) the benchmark times and the parity suite runs
through every backend.
"""

import random

CITIES = [
    ("140100", "太原市", ["小店区", "迎泽区", "杏花岭区", "万柏林区", "晋源区"]),
    ("140200", "大同市", ["平城区", "云冈区", "新荣区"]),
    ("140300", "阳泉市", ["城区", "矿区"]),
    ("140400", "长治市", ["潞州区", "上党区"]),
    ("140500", "晋城市", ["城区", "泽州县"]),
    ("140600", "朔州市", ["朔城区", "平鲁区"]),
    ("140700", "晋中市", ["榆次区", "太谷区"]),
    ("140800", "运城市", ["盐湖区", "永济市"]),
    ("140900", "忻州市", ["忻府区", "原平市"]),
    ("141000", "临汾市", ["尧都区", "侯马市"]),
    ("141100", "吕梁市", ["离石区", "孝义市"]),
]
# (title, category, industry letter, description phrases)
TITLES = [
    ("会计", "finance", "J", "负责账务处理、纳税申报与财务报表编制"),
    ("出纳", "finance", "J", "负责现金与银行收付，登记日记账"),
    ("审计助理", "finance", "L", "参与年度财务审计与内控测试"),
    ("财务分析师", "finance", "J", "分析经营数据，编制预算与经营分析报告"),
    ("销售代表", "sales", "F", "开拓省内客户，完成销售目标"),
    ("电话销售", "sales", "F", "电话联系客户，介绍公司产品"),
    ("大客户经理", "sales", "F", "维护重点客户关系，推进项目签约"),
    ("护士", "healthcare", "Q", "负责病区护理工作，持护士执业证书"),
    ("康复治疗师", "healthcare", "Q", "为患者制定康复训练方案"),
    ("药剂师", "healthcare", "Q", "负责药品调剂与用药指导"),
    ("软件开发工程师", "software", "I", "参与企业管理系统的设计与开发"),
    ("Java开发工程师", "software", "I", "使用Spring Boot开发后端服务"),
    ("前端开发工程师", "software", "I", "使用Vue开发网页与小程序"),
    ("软件测试工程师", "software", "I", "编写测试用例，执行自动化测试"),
    ("运维工程师", "software", "I", "负责服务器与网络的日常运维"),
    ("数据分析师", "data", "I", "负责业务数据统计与可视化，使用SQL和Python"),
    ("大数据工程师", "data", "I", "搭建数据仓库与数据管道"),
    ("土木工程师", "construction", "E", "负责道路桥梁施工技术管理"),
    ("施工员", "construction", "E", "负责现场施工组织与进度控制"),
    ("造价工程师", "construction", "E", "编制工程预算与结算"),
    ("安全员", "construction", "E", "负责施工现场安全检查与培训"),
    ("数控机床操作工", "manufacturing", "C", "操作数控机床加工零件，能看懂图纸"),
    ("机械设计师", "manufacturing", "C", "使用CAD设计机械零部件"),
    ("电气工程师", "engineering", "D", "负责变电站电气设备运行维护"),
    ("质检员", "manufacturing", "C", "负责产品质量检验与记录"),
    ("煤化工工艺工程师", "mining_energy", "C", "负责煤化工装置的工艺运行与优化"),
    ("采矿工程师", "mining_energy", "B", "负责煤矿采掘设计与生产技术"),
    ("矿山机电技术员", "mining_energy", "B", "负责矿井机电设备检修"),
    ("化验员", "mining_energy", "B", "负责煤质化验与产品检测"),
    ("社区助理", "community", "S", "协助社区居委会开展居民服务工作"),
    ("社会工作者", "community", "S", "开展社区养老与青少年服务"),
    ("小学教师", "education", "P", "担任语文或数学教学工作"),
    ("幼儿教师", "education", "P", "负责幼儿园保教工作"),
    ("培训讲师", "education", "P", "负责职业技能培训课程讲授"),
    ("人力资源专员", "admin", "L", "负责招聘、入职与员工关系"),
    ("行政助理", "admin", "L", "负责办公室日常行政事务"),
    ("新媒体运营", "marketing", "R", "负责抖音与公众号内容运营"),
    ("市场专员", "marketing", "L", "负责市场调研与活动策划"),
    ("UI设计师", "design", "I", "负责移动端界面与交互设计"),
    ("仓库管理员", "logistics", "G", "负责出入库与库存盘点"),
    ("物流专员", "logistics", "G", "负责运输调度与客户对接"),
    ("厨师", "hospitality", "H", "负责中餐菜品制作"),
    ("酒店前台", "hospitality", "H", "负责客人入住与退房接待"),
    ("农艺师", "agriculture", "A", "负责农作物种植技术指导"),
    ("环保工程师", "agriculture", "N", "负责污水处理与环境监测"),
    ("法务专员", "legal", "L", "负责合同审核与法律事务"),
]
PREFIXES = ["", "", "", "初级", "高级", "储备", "见习"]
PERKS = ["五险一金", "双休", "包吃包住", "带薪年假", "节日福利", "晋升空间大", "定期培训"]
COMPANY_WORDS = ["晋", "汾", "并州", "三晋", "太行", "吕梁山", "黄河", "龙城", "云冈", "潞安"]
COMPANY_KINDS = ["科技", "能源", "建设", "实业", "医疗", "教育", "物流", "文旅", "化工", "农业"]
EDUCATION = ["any", "secondary", "associate", "bachelor", "bachelor", "master"]
JOB_TYPES = ["full_time"] * 8 + ["internship", "community_assistant"]

QUERIES = [
    {"q": "会计"},
    {"q": "销售"},
    {"q": "护士"},
    {"q": "软件"},
    {"q": "Java开发"},
    {"q": "数据分析师"},
    {"q": "土木工程师"},
    {"q": "煤化工"},
    {"q": "社区助理"},
    {"q": "工程师"},
    {"q": "教师"},
    {"q": "数控机床"},
    {"q": "五险一金"},
    {"q": "太原 会计"},
    {"q": "前端 Vue"},
    {"q": "设计师"},
    {"q": "运营"},
    {"q": "仓库"},
    {"q": "康复"},
    {"q": "社会计划生育"},
    {"q": "会计", "city": "CITY0"},
    {"q": "销售", "city": "CITY1", "sort": "salary"},
    {"q": "工程师", "education": "bachelor"},
    {"q": "工程师", "salary_min": "8000"},
    {"q": "护士", "job_type": "full_time"},
    {"q": "实习", "job_type": "internship"},
    {"q": "软件开发", "industry": "I"},
    {"q": "采矿", "industry": "B", "sort": "newest"},
    {"q": "数据", "salary": "8-12k"},
    {"q": "助理", "salary": "negotiable"},
    {"city": "CITY0"},
    {"city": "CITY2", "sort": "salary"},
    {"education": "master"},
    {"job_type": "community_assistant"},
    {"salary_min": "10000", "sort": "salary"},
    {"industry": "E", "city": "CITY3"},
    {"salary": "5-8k", "education": "associate"},
    {"sort": "newest"},
    {},
    {"page": "5"},
    {"q": "会计", "page": "3"},
    {"q": "工程师", "page": "10", "sort": "newest"},
    {"q": "双休 销售", "city": "CITY4"},
    {"q": "Python"},
    {"q": "变电站"},
    {"q": "小程序"},
    {"q": "幼儿园", "city": "CITY5"},
    {"q": "储备 干部"},
    {"q": "高级 工程师", "salary_min": "12000"},
    {"q": "厨师", "sort": "salary"},
]
assert len(QUERIES) == 50


def seed(n: int, *, rng_seed: int = 42) -> dict:
    """Regions, enterprises, associations and n published positions, with bulk_create."""
    from django.db import transaction
    from django.utils import timezone

    from associations.models import Association, Enterprise, Membership, Region
    from jobs.models import Position

    rng = random.Random(rng_seed)
    cities, districts = [], {}
    with transaction.atomic():
        for code, name, district_names in CITIES:
            # The regions migration may have loaded Shanxi already: reuse what is there.
            city, _ = Region.objects.get_or_create(
                code=code, defaults={"name": name, "level": "city"}
            )
            cities.append(city)
            districts[city.pk] = list(Region.objects.filter(parent=city)) or [
                Region.objects.create(
                    code=f"{code[:4]}{i + 1:02d}", name=d, level="district", parent=city
                )
                for i, d in enumerate(district_names)
            ]
        associations = Association.objects.bulk_create(
            Association(name=f"山西省{kind}行业协会", short_name=f"{kind}协会")
            for kind in COMPANY_KINDS
        )
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(
                name=f"山西{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}有限公司{i}",
                credit_code=f"91140{i:013d}",
                industry=rng.choice("ABCDEFGHIJLNPQRS"),
                city=rng.choice(cities),
            )
            for i in range(max(50, n // 200))
        )
        Membership.objects.bulk_create(
            Membership(enterprise=e, association=rng.choice(associations), status="approved")
            for e in enterprises
            if rng.random() < 0.7
        )
        now = timezone.now()
        batch = []
        for _ in range(n):
            title, category, _industry, phrase = rng.choice(TITLES)
            city = rng.choice(cities)
            low = rng.choice([None, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000])
            perks = "、".join(rng.sample(PERKS, 3))
            batch.append(
                Position(
                    enterprise=rng.choice(enterprises),
                    title=rng.choice(PREFIXES) + title,
                    category=category,
                    description=f"{phrase}。工作地点：{city.name}。福利：{perks}。",
                    requirements=f"{rng.choice(['本科', '大专', '硕士'])}及以上学历，沟通能力强。",
                    city=city,
                    district=rng.choice(districts[city.pk] + [None]),
                    salary_min=low,
                    salary_max=None if low is None else low + rng.choice([1000, 2000, 4000]),
                    education=rng.choice(EDUCATION),
                    majors=[],
                    job_type=rng.choice(JOB_TYPES),
                    status="published",
                    published_at=now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 90)),
                )
            )
            if len(batch) == 5000:
                Position.objects.bulk_create(batch)
                batch = []
        Position.objects.bulk_create(batch)
    return {"cities": [c.pk for c in cities]}


def concrete(params: dict, cities: list[int]) -> dict:
    return {
        k: (str(cities[int(v[4:])]) if isinstance(v, str) and v.startswith("CITY") else v)
        for k, v in params.items()
    }
