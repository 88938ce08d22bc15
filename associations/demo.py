"""Demo associations, their staff, member enterprises and recruiters (passwords in the README).

Everything goes through the services, as a real officer, staff member or recruiter would.
"""

from accounts.demo import demo_user
from accounts.models import SignupRole, User
from accounts.services import complete_signup
from associations import services
from associations.credit_code import make_credit_code
from associations.models import Association, Enterprise, Region
from outbox import core as outbox

# (key, name, short name, kind, level, industries, admin e-mail, admin name, description)
ASSOCIATIONS = [
    (
        "software",
        "山西省软件行业协会",
        "省软协",
        "industry",
        "provincial",
        "IM",
        "software@jinpin.demo",
        "赵雅琴",
        "全省软件和信息技术服务企业的行业组织。",
    ),
    (
        "coal",
        "山西省煤炭工业协会",
        "省煤协",
        "industry",
        "provincial",
        "BD",
        "coal@jinpin.demo",
        "郭建平",
        "服务全省煤炭生产、洗选和综合利用企业。",
    ),
    (
        "logistics",
        "山西省物流与采购联合会",
        "省物流联",
        "industry",
        "provincial",
        "GF",
        "logistics@jinpin.demo",
        "韩晓东",
        "物流、仓储、供应链与采购企业的联合组织。",
    ),
    (
        "catering",
        "山西省烹饪餐饮行业协会",
        "省餐协",
        "industry",
        "provincial",
        "H",
        "catering@jinpin.demo",
        "李秀英",
        "餐饮、面食与烹饪技艺企业和从业者的行业协会。",
    ),
    (
        "tourism",
        "山西省旅游协会",
        "省旅协",
        "industry",
        "provincial",
        "HR",
        "tourism@jinpin.demo",
        "王丽娟",
        "景区、旅行社、酒店与文旅企业的行业协会。",
    ),
    (
        "construction",
        "山西省建筑业协会",
        "省建协",
        "industry",
        "provincial",
        "E",
        "construction@jinpin.demo",
        "张志强",
        "建筑施工、工程咨询与建材企业的行业组织。",
    ),
    (
        "pharma",
        "山西省医药行业协会",
        "省医药协",
        "industry",
        "provincial",
        "CFQ",
        "pharma@jinpin.demo",
        "刘慧敏",
        "医药制造、流通与医疗服务企业的行业协会。",
    ),
    (
        "ecommerce",
        "太原市电子商务协会",
        "太原电商协",
        "industry",
        "city",
        "FI",
        "ecommerce@jinpin.demo",
        "杨帆",
        "太原市电商平台、网店与直播电商企业的协会。",
    ),
    (
        "jinzhong_tourism",
        "晋中市文化旅游协会",
        "晋中文旅协",
        "industry",
        "city",
        "RH",
        "jinzhong@jinpin.demo",
        "武晓燕",
        "平遥、祁县、太谷等地文旅企业的协会。",
    ),
    (
        "zhejiang",
        "山西浙江商会",
        "浙商会",
        "chamber",
        "provincial",
        "CFK",
        "zhejiang@jinpin.demo",
        "陈国华",
        "在晋浙江籍企业家和企业的商会。",
    ),
    (
        "jiangsu",
        "山西江苏商会",
        "苏商会",
        "chamber",
        "provincial",
        "CEF",
        "jiangsu@jinpin.demo",
        "周明",
        "在晋江苏籍企业的商会。",
    ),
    (
        "fujian",
        "山西福建商会",
        "闽商会",
        "chamber",
        "provincial",
        "FGL",
        "fujian@jinpin.demo",
        "林志远",
        "在晋福建籍企业的商会。",
    ),
]

# (name, industry, district code, size, ownership, association keys, description)
ENTERPRISES = [
    (
        "山西云数智能科技有限公司",
        "I",
        "140105",
        "medium",
        "private",
        ["software"],
        "政务云与大数据平台开发，服务全省地市政务信息化。",
    ),
    (
        "太原晋软信息技术有限公司",
        "I",
        "140106",
        "small",
        "private",
        ["software"],
        "企业管理软件与行业 SaaS。",
    ),
    (
        "山西智联矿山科技有限公司",
        "I",
        "140109",
        "medium",
        "private",
        ["software", "coal"],
        "煤矿智能化与井下物联网解决方案。",
    ),
    (
        "晋城天成数码科技有限公司",
        "I",
        "140502",
        "small",
        "private",
        ["software"],
        "移动应用与小程序开发。",
    ),
    (
        "山西汾河数据服务有限公司",
        "M",
        "140107",
        "micro",
        "private",
        ["software"],
        "数据标注与数据分析服务。",
    ),
    (
        "山西潞安煤业运营有限公司",
        "B",
        "140404",
        "huge",
        "state",
        ["coal"],
        "煤炭开采与洗选，安全生产标准化一级矿井。",
    ),
    ("吕梁东义焦化有限公司", "B", "141181", "large", "state", ["coal"], "焦炭及化工副产品生产。"),
    (
        "大同同煤热电有限公司",
        "D",
        "140214",
        "large",
        "state",
        ["coal"],
        "热电联产，服务大同城区集中供热。",
    ),
    ("阳泉盂县新能源有限公司", "D", "140322", "medium", "private", ["coal"], "光伏与风电场运维。"),
    (
        "晋中恒通物流有限公司",
        "G",
        "140702",
        "medium",
        "private",
        ["logistics"],
        "城市配送与冷链仓储。",
    ),
    (
        "山西太行供应链管理有限公司",
        "G",
        "140108",
        "large",
        "state",
        ["logistics"],
        "大宗物资供应链与多式联运。",
    ),
    (
        "运城盐湖快运有限公司",
        "G",
        "140802",
        "small",
        "private",
        ["logistics", "fujian"],
        "零担快运与同城配送。",
    ),
    (
        "山西老陈醋食品有限公司",
        "C",
        "121",
        "medium",
        "private",
        ["catering"],
        "清徐老陈醋酿造与销售。",
    ),
    (
        "太原面食坊餐饮管理有限公司",
        "H",
        "140105",
        "medium",
        "private",
        ["catering"],
        "连锁面食餐厅，门店遍布太原各区。",
    ),
    (
        "大同凤临阁餐饮有限公司",
        "H",
        "140213",
        "small",
        "private",
        ["catering", "tourism"],
        "百花烧麦等大同传统名吃。",
    ),
    (
        "平遥古城文化旅游开发有限公司",
        "R",
        "140728",
        "large",
        "state",
        ["tourism", "jinzhong_tourism"],
        "平遥古城景区运营与文化演艺。",
    ),
    (
        "五台山风景区旅行社有限公司",
        "L",
        "140922",
        "small",
        "private",
        ["tourism"],
        "五台山及周边线路的旅行服务。",
    ),
    (
        "祁县乔家大院文旅有限公司",
        "R",
        "140727",
        "medium",
        "state",
        ["jinzhong_tourism"],
        "乔家大院景区运营与文创产品。",
    ),
    (
        "山西三建集团有限公司",
        "E",
        "140802",
        "huge",
        "state",
        ["construction"],
        "房屋建筑与市政工程施工总承包。",
    ),
    (
        "晋中华晟建筑设计有限公司",
        "M",
        "140702",
        "small",
        "private",
        ["construction"],
        "建筑设计与工程咨询。",
    ),
    (
        "山西亚宝药业有限公司",
        "C",
        "140881",
        "large",
        "private",
        ["pharma"],
        "中成药与化学药制剂的研发和生产。",
    ),
    (
        "太原康泰医药连锁有限公司",
        "F",
        "140106",
        "large",
        "private",
        ["pharma", "ecommerce"],
        "药品零售连锁与线上药房。",
    ),
    (
        "长治华康健康管理有限公司",
        "Q",
        "140403",
        "small",
        "private",
        ["pharma"],
        "健康体检与慢病管理。",
    ),
    (
        "太原晋品优选电子商务有限公司",
        "F",
        "140105",
        "small",
        "private",
        ["ecommerce"],
        "山西特产电商与直播带货。",
    ),
    (
        "山西浙晋五金机电有限公司",
        "C",
        "140109",
        "medium",
        "private",
        ["zhejiang"],
        "五金工具与小型机电设备制造。",
    ),
    (
        "太原浙商置业有限公司",
        "K",
        "140107",
        "medium",
        "private",
        ["zhejiang"],
        "商业地产开发与运营。",
    ),
    (
        "山西苏晋新材料科技有限公司",
        "C",
        "140181",
        "medium",
        "foreign",
        ["jiangsu"],
        "铝镁合金新材料。",
    ),
    (
        "大同苏建工程有限公司",
        "E",
        "140213",
        "small",
        "private",
        ["jiangsu"],
        "钢结构与装配式建筑施工。",
    ),
    (
        "山西闽晋茶业有限公司",
        "F",
        "140106",
        "micro",
        "private",
        ["fujian"],
        "福建茶叶在晋批发与零售。",
    ),
    (
        "忻州雁门关现代农业有限公司",
        "A",
        "140923",
        "medium",
        "collective",
        [],
        "杂粮种植与农产品加工（入会申请待审核）。",
    ),
]
PENDING = "忻州雁门关现代农业有限公司"  # asks to join 山西省旅游协会 and waits


def _district(code: str) -> Region:
    if len(code) == 3:  # shorthand for a Taiyuan county: 121 → 140121
        code = "140" + code
    return Region.objects.select_related("parent").get(code=code)


def _recruiter(email: str, name: str) -> User:
    user = demo_user(email, name)
    complete_signup(user=user, full_name=name, role=SignupRole.RECRUITER)
    return user


def load(out) -> None:
    # Demo addresses are not real: the notifications the services send are dropped (and there
    # are no positions to index yet).
    with outbox.suppressed():
        _load(out)


def _load(out) -> None:
    if Association.objects.filter(name=ASSOCIATIONS[0][1]).exists():
        out.write("  associations: demo data present already")
        return
    officer = User.objects.get(email="officer@jinpin.demo")
    associations, admins = {}, {}
    for key, name, short, kind, level, industries, email, admin_name, about in ASSOCIATIONS:
        admins[key] = demo_user(email, admin_name)
        associations[key], _invitation = services.create_association(
            by=officer,
            admin_email=email,
            name=name,
            short_name=short,
            kind=kind,
            level=level,
            industries=industries,
            description=about,
            contact_person=admin_name,
            phone=f"0351-{7000000 + len(associations) * 1111}",
            email=email,
            address="山西省太原市小店区长治路",
        )
    hr_names = [
        "王磊",
        "李娜",
        "张伟",
        "刘洋",
        "陈静",
        "杨勇",
        "赵敏",
        "黄强",
        "周丽",
        "吴军",
        "徐芳",
        "孙涛",
        "马超",
        "朱琳",
        "胡斌",
    ]
    for n, (name, industry, district, size, ownership, keys, about) in enumerate(ENTERPRISES):
        district = _district(district)
        email = "recruiter@jinpin.demo" if n == 0 else f"hr{n:02d}@jinpin.demo"
        if name == PENDING:
            email = "recruiter-pending@jinpin.demo"
        owner = _recruiter(email, hr_names[n % len(hr_names)])
        enterprise = services.create_enterprise(
            by=owner,
            credit_code=make_credit_code(31_400_000 + n * 7919, division=district.code),
            name=name,
            industry=industry,
            size=size,
            ownership=ownership,
            city=district.parent,
            district=district,
            address=f"{district.parent.name}{district.name}",
            description=about,
        )
        for key in keys:
            membership = services.request_membership(
                enterprise=enterprise, association=associations[key], by=owner
            )
            services.approve_membership(membership=membership, by=admins[key])
        if name == PENDING:
            services.request_membership(
                enterprise=enterprise,
                association=associations["tourism"],
                by=owner,
                reason="我们经营农家乐与采摘园，希望加入旅游协会。",
            )
    # A second recruiter of the first enterprise, waiting for the owner's approval.
    colleague = _recruiter("recruiter-joining@jinpin.demo", "郝佳")
    services.request_to_join_enterprise(
        credit_code=Enterprise.objects.get(name=ENTERPRISES[0][0]).credit_code, by=colleague
    )
    out.write(
        f"  {len(ASSOCIATIONS)} associations (admins software@…, coal@… jinpin.demo), "
        f"{len(ENTERPRISES)} enterprises (recruiter@jinpin.demo, hr01…hr{len(ENTERPRISES) - 2:02d}"
        "@jinpin.demo, recruiter-pending@jinpin.demo)"
    )
