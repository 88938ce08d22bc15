"""Demo positions for the verified demo enterprises, through the services as their recruiters.

Runs after associations' demo; with no verified enterprise in the database it creates nothing.
"""

import datetime
import random

from django.utils import timezone

from associations.models import Enterprise, EnterpriseRecruiter, Membership, Region
from jobs import services
from jobs.models import Position

# (title, category, education, majors, salary min, max, job type, description, requirements)
SOFTWARE = [
    ("Java开发工程师", "software", "bachelor", "计算机科学与技术、软件工程", 6000, 10000,
     "full_time", "参与**政务云平台**后端开发：\n\n- 微服务接口设计与实现\n- 数据库设计与优化",
     "熟悉 Java、Spring Boot，了解 MySQL 或 PostgreSQL。"),
    ("数据分析师", "data", "bachelor", "统计学、数学与应用数学、数据科学与大数据技术", 6500, 11000,
     "full_time", "负责业务数据的采集、清洗与分析，输出分析报告。",
     "熟悉 SQL 与 Python，有统计学基础。"),
    ("前端开发实习生", "software", "associate", "计算机科学与技术、软件工程、数字媒体技术",
     2500, 3500, "internship", "参与 Vue 前端页面开发，导师一对一指导，表现优秀可转正。",
     "每周实习不少于 4 天。"),
    ("软件测试工程师", "software", "associate", "软件工程、计算机应用技术", 5000, 8000,
     "full_time", "编写测试用例，执行功能与接口测试，跟踪缺陷。", "细心，有责任心。"),
]  # fmt: skip
MINING = [
    ("采矿工程技术员", "mining_energy", "bachelor", "采矿工程、安全工程", 7000, 12000,
     "full_time", "负责矿井生产技术管理与采掘计划编制。", "吃苦耐劳，能适应井下工作环境。"),
    ("煤化工工艺工程师", "mining_energy", "master", "化学工程与工艺、应用化学", 9000, 15000,
     "full_time", "负责煤化工装置工艺优化与生产技术支持。", "化工相关专业硕士。"),
    ("机电维修技术员", "manufacturing", "secondary", "机电一体化技术、电气自动化技术", 5000, 7500,
     "full_time", "负责综采设备与机电设备的日常维护。", "持电工证者优先。"),
]  # fmt: skip
MANUFACTURING = [
    ("数控机床操作工", "manufacturing", "secondary", "数控技术、机械制造与自动化", 5000, 8000,
     "full_time", "操作数控机床完成零件加工，进行首件检验。", "能看懂机械图纸。"),
    ("质量检验员", "manufacturing", "associate", "材料成型及控制工程、质量管理工程", 4500, 6500,
     "full_time", "负责原材料与成品的质量检验和记录。", ""),
    ("机械设计工程师", "engineering", "bachelor", "机械设计制造及其自动化", 7000, 11000,
     "full_time", "负责产品结构设计与工艺文件编制。", "熟练使用 SolidWorks 或 AutoCAD。"),
]  # fmt: skip
CONSTRUCTION = [
    ("土木工程师", "construction", "bachelor", "土木工程、工程管理", 6000, 9500,
     "full_time", "负责施工现场技术管理与质量控制。", "持施工员证者优先。"),
    ("工程造价员", "construction", "associate", "工程造价、工程管理", 5000, 7000,
     "full_time", "负责工程量计算与预结算编制。", ""),
]  # fmt: skip
LOGISTICS = [
    ("仓储主管", "logistics", "associate", "物流管理、供应链管理", 5500, 8000,
     "full_time", "负责仓库收发存管理与库存盘点。", ""),
    ("物流调度员", "logistics", "associate", "物流管理、交通运输", 4500, 6500,
     "full_time", "负责车辆调度与运输线路规划。", ""),
]  # fmt: skip
HOSPITALITY = [
    ("酒店管理培训生", "hospitality", "associate", "酒店管理、旅游管理", 4000, 6000,
     "full_time", "轮岗前厅、客房与餐饮部门，培养为基层管理者。", ""),
    ("导游", "hospitality", "associate", "旅游管理、导游", 3500, 6000,
     "full_time", "负责平遥古城、五台山等线路的讲解接待。", "持导游证者优先。"),
]  # fmt: skip
GENERAL = [
    ("会计", "finance", "bachelor", "会计学、财务管理", 4500, 7000,
     "full_time", "负责日常账务处理与纳税申报。", "持初级会计职称者优先。"),
    ("销售代表", "sales", "associate", "市场营销、工商管理", 4000, 9000,
     "full_time", "开拓省内客户，维护客户关系。底薪加提成。", ""),
    ("行政专员", "admin", "associate", "行政管理、文秘", 4000, 5500,
     "full_time", "负责办公室日常行政、会务与档案管理。", ""),
    ("人力资源实习生", "admin", "bachelor", "人力资源管理", 2000, 3000,
     "internship", "协助招聘、入职与培训工作。", ""),
]  # fmt: skip
COMMUNITY = [
    ("社区助理", "community", "associate", "社会工作、公共事业管理、行政管理", 3000, 4000,
     "community_assistant",
     "在街道社区从事居民服务、网格管理与社会救助工作，服务期两年。",
     "高校毕业生，能熟练使用办公软件。"),
    ("社区助理（养老服务方向）", "community", "associate", "社会工作、老年服务与管理、护理学",
     3000, 4000,
     "community_assistant", "协助社区开展居家养老服务与老年人关爱活动。", ""),
]  # fmt: skip
BY_INDUSTRY = {
    "I": SOFTWARE,
    "M": SOFTWARE,
    "B": MINING,
    "D": MINING,
    "C": MANUFACTURING,
    "E": CONSTRUCTION,
    "G": LOGISTICS,
    "F": LOGISTICS,
    "H": HOSPITALITY,
    "R": HOSPITALITY,
    "O": COMMUNITY,
    "S": COMMUNITY,
    "Q": COMMUNITY,
}


def _verified_enterprises() -> list:

    return list(
        Enterprise.objects.filter(memberships__in=Membership.objects.approved())
        .select_related("city", "district")
        .distinct()
        .order_by("pk")
    )


def _recruiter(enterprise):
    row = (
        EnterpriseRecruiter.objects.filter(
            enterprise=enterprise, status=EnterpriseRecruiter.Status.ACTIVE
        )
        .select_related("user")
        .order_by("-role", "pk")
        .first()
    )
    return row.user if row else None


def load(out) -> None:
    enterprises = _verified_enterprises()
    if not enterprises:
        out.write("  jobs: no verified enterprise in the database: no demo positions created")
        return
    if Position.objects.filter(enterprise__in=enterprises).exists():
        out.write("  jobs: demo positions present already")
        return
    rng = random.Random(4)  # noqa: S311 - demo data, not security
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    today = timezone.localdate()
    made, counts = 0, {"published": 0, "draft": 0, "closed": 0}
    for n, enterprise in enumerate(enterprises):
        by = _recruiter(enterprise)
        if by is None:
            continue
        pool = list(BY_INDUSTRY.get(enterprise.industry, [])) + rng.sample(GENERAL, 2)
        if n % 4 == 0:  # every fourth enterprise also recruits community assistants
            pool.append(rng.choice(COMMUNITY))
        for k, (title, category, education, majors, low, high, job_type, about, needs) in enumerate(
            pool
        ):
            city = enterprise.city if rng.random() < 0.7 or not cities else rng.choice(cities)
            district = enterprise.district if city == enterprise.city else None
            negotiable = rng.random() < 0.1
            position = services.create_position(
                enterprise=enterprise,
                by=by,
                title=title,
                category=category,
                description=about,
                requirements=needs,
                city=city,
                district=district,
                salary_min=None if negotiable else low,
                salary_max=None if negotiable else high,
                education=education,
                majors=majors,
                headcount=rng.choice([1, 2, 3, 5, 10]),
                job_type=job_type,
                deadline=today + datetime.timedelta(days=rng.randint(20, 120)),
            )
            made += 1
            if k == len(pool) - 1 and n % 3 == 1:
                counts["draft"] += 1
                continue
            services.publish_position(position=position, by=by)
            if k == 0 and n % 5 == 2:
                services.close_position(position=position, by=by)
                counts["closed"] += 1
            else:
                counts["published"] += 1
    out.write(
        f"  jobs: {made} positions for {len(enterprises)} verified enterprises "
        f"({counts['published']} published, {counts['draft']} drafts, {counts['closed']} closed)"
    )
