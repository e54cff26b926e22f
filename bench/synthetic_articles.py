"""Synthetic Vietnamese article bodies for the deduplication benchmark.

Three kinds, with the truth of which are one story:
- a base story: a report written from one of a few templates, filled with a
  district, people, dates, figures and a random choice of sentences;
- republished copies of it: another lead, a portal footer, a few words edited,
  "Ủy"/"Uỷ" and dash variants: the same story;
- template siblings: the same template and sentences filled for another
  district, other people and dates: a different story that looks alike.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Tạ Trịnh".split()
MIDDLES = "Văn Thị Hữu Đức Minh Thanh Quang Xuân Thu Hồng Công Tiến Huy Anh Ngọc Kim".split()
GIVEN = ("Cường Quỳnh Chương Hằng Huyền Thành Thanh Hoa Chiến Tuấn Lực Phú Thủy Quân Khương Hương "
         "Giáp Hùng Dũng Lan Mai Sơn Hải Long Nam Bình Phong Trang Yến Linh Hà Tâm Vinh").split()
DISTRICTS = ("Thanh Trì", "Cầu Giấy", "Hoàn Kiếm", "Ba Đình", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
             "Long Biên", "Tây Hồ", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Gia Lâm",
             "Đông Anh", "Sóc Sơn", "Mê Linh", "Hoài Đức", "Đan Phượng", "Thường Tín")
POSTS = ("Bí thư Huyện ủy", "Phó Bí thư Thường trực Huyện ủy", "Chủ tịch HĐND huyện",
         "Phó Chủ tịch UBND huyện", "Chủ tịch UBND huyện", "Chủ tịch Ủy ban MTTQ huyện",
         "Ủy viên Ban Thường vụ Huyện ủy", "Phó Chủ tịch HĐND huyện")
LEADS = (
    "Sáng ngày {d}, tại trụ sở {unit} huyện {district} đã diễn ra hội nghị {topic}.",
    "Chiều {d}, {unit} huyện {district} tổ chức hội nghị {topic} với sự tham dự của đông đảo đại biểu.",
    "Ngày {d}, hội nghị {topic} của huyện {district} đã thành công tốt đẹp.",
    "Trong không khí phấn khởi, ngày {d} huyện {district} tổ chức hội nghị {topic}.",
)
TOPICS = ("ký kết chương trình phối hợp công tác năm {y}", "sơ kết công tác 6 tháng đầu năm {y}",
          "tổng kết công tác năm {y} và triển khai nhiệm vụ năm {y1}", "triển khai kế hoạch chuyển đổi số năm {y}",
          "đối thoại với nhân dân về công tác giải phóng mặt bằng", "giao ban công tác quý {q} năm {y}")
UNITS = ("UBND", "HĐND", "Ủy ban MTTQ", "Huyện ủy", "Thường trực HĐND - UBND - Ủy ban MTTQ")
SUBJECTS = ("công tác tuyên truyền", "các chỉ tiêu kinh tế xã hội", "hoạt động giám sát", "công tác cải cách hành chính",
            "phong trào thi đua yêu nước", "công tác giải phóng mặt bằng", "chất lượng giáo dục", "công tác y tế cơ sở",
            "môi trường đầu tư kinh doanh", "các dự án trọng điểm", "công tác tiếp công dân", "việc xây dựng nông thôn mới",
            "công tác phòng chống thiên tai", "các mô hình dân vận khéo", "công tác chuyển đổi số", "hoạt động văn hóa thể thao",
            "công tác quản lý đất đai", "trật tự xây dựng đô thị", "công tác an sinh xã hội", "hoạt động của các hội đoàn thể",
            "công tác phát triển đảng viên", "việc thu ngân sách", "công tác vệ sinh môi trường", "công tác quốc phòng địa phương")
PREDICATES = ("được triển khai đồng bộ", "có nhiều chuyển biến tích cực", "đạt và vượt kế hoạch", "còn một số hạn chế",
              "được tăng cường", "được quan tâm chỉ đạo", "tiếp tục được đẩy mạnh", "đạt kết quả quan trọng",
              "được thực hiện nghiêm túc", "cần tiếp tục được quan tâm", "được nhân dân đồng tình ủng hộ",
              "chưa đáp ứng yêu cầu", "được kiểm tra thường xuyên", "có bước phát triển mới")
COMPLEMENTS = ("", " trên địa bàn", " ở {k} xã thị trấn", " với {k} cuộc kiểm tra", " so với cùng kỳ",
               " đạt {p}% kế hoạch", " với tổng kinh phí {n} triệu đồng", " tại {k} khu dân cư",
               " trong {k} tháng", " theo đúng quy định", " ở tất cả các đơn vị", " nhờ sự vào cuộc của cả hệ thống chính trị")


# Words that reports put together in endless ways; a clause draws a few, so
# that unrelated reports share their formulas but not their sentences.
WORDS = ("nhân dân", "cán bộ", "đảng viên", "hội viên", "doanh nghiệp", "hộ gia đình", "thanh niên", "phụ nữ",
         "người cao tuổi", "cựu chiến binh", "học sinh", "giáo viên", "bác sĩ", "công an", "dân quân", "tổ dân phố",
         "khu dân cư", "thôn", "làng nghề", "hợp tác xã", "trường học", "trạm y tế", "nhà văn hóa", "chợ", "đường giao thông",
         "kênh mương", "cây xanh", "rác thải", "nước sạch", "điện chiếu sáng", "đất nông nghiệp", "vốn vay", "ngân sách",
         "thủ tục", "hồ sơ", "dịch vụ công", "phần mềm", "camera", "sản phẩm OCOP", "hàng hóa", "lễ hội", "di tích",
         "thể thao", "văn nghệ", "khuyến học", "tín dụng", "bảo hiểm", "việc làm", "đào tạo nghề", "nhà ở", "hộ nghèo",
         "gia đình chính sách", "thương binh", "liệt sĩ", "trẻ em", "người khuyết tật", "an toàn thực phẩm",
         "phòng cháy", "ma túy", "tệ nạn", "lấn chiếm", "vỉa hè", "xây dựng trái phép", "ô nhiễm", "ngập úng",
         "mùa vụ", "chăn nuôi", "thủy sản", "rau an toàn", "cây ăn quả", "du lịch", "thương mại", "công nghiệp",
         "tiểu thủ công nghiệp", "đầu tư", "hạ tầng", "quy hoạch", "giải phóng mặt bằng", "tái định cư", "bồi thường",
         "hỗ trợ", "kiểm tra", "giám sát", "phản biện", "tiếp xúc cử tri", "kiến nghị", "khiếu nại", "tố cáo",
         "hòa giải", "tuyên truyền", "vận động", "quyên góp", "ủng hộ", "khen thưởng", "kỷ luật", "thi đua", "đánh giá")


def _clause(rng: random.Random) -> str:
    extra = " ".join(rng.sample(WORDS, rng.randint(3, 6)))
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)} về {extra}{rng.choice(COMPLEMENTS)}"


OPENERS = ("Năm {y}, ", "Trong năm qua, ", "Theo báo cáo, ", "Bên cạnh đó, ", "Cùng với đó, ", "Đặc biệt, ",
           "Tại hội nghị, ", "Nhìn chung, ", "Thời gian tới, ")
FOOTERS = ("Nguồn: Cổng thông tin điện tử huyện {district}", "Theo Trung tâm VH-TT&TT huyện {district}",
           "Tin bài: Ban Tuyên giáo Huyện ủy {district}", "(Theo Báo Hànộimới)")


@dataclass(frozen=True)
class SyntheticArticle:
    story: int  # articles with the same story are one story
    family: int  # articles written from the same skeleton (a story, its copies, its siblings)
    kind: str  # base | copy | sibling
    body: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _fill(template: str, rng: random.Random, facts: dict) -> str:
    return template.format(n=rng.randint(10, 9000), p=rng.randint(1, 90), k=rng.randint(2, 40),
                           k2=rng.randint(2, 40), **facts)


@dataclass(frozen=True)
class _Skeleton:
    """What a template sibling keeps: the sentence plan, not the facts."""

    lead: str
    topic: str
    unit: str
    sentences: tuple[tuple[str, tuple[str, ...]], ...]
    seed: int


def _skeleton(rng: random.Random) -> _Skeleton:
    sentences = tuple((rng.choice(OPENERS), tuple(_clause(rng) for _ in range(rng.randint(2, 4))))
                      for _ in range(rng.randint(5, 9)))
    return _Skeleton(rng.choice(LEADS), rng.choice(TOPICS), rng.choice(UNITS), sentences, rng.getrandbits(32))


def _render(skel: _Skeleton, rng: random.Random) -> str:
    """A body from a skeleton with new facts: district, people, dates."""
    year = rng.randint(2018, 2026)
    facts = {"district": rng.choice(DISTRICTS), "y": year, "y1": year + 1, "q": rng.randint(1, 4),
             "d": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"}
    facts["topic"] = skel.topic.format(**facts)
    facts["unit"] = skel.unit
    people = [(_person(rng), rng.choice(POSTS)) for _ in range(rng.randint(3, 6))]
    attendees = "; ".join(f"đồng chí {name} - {post}" for name, post in people)
    paragraphs = [_fill(skel.lead, rng, facts), f"Dự hội nghị có các đồng chí: {attendees}."]
    text_rng = random.Random(skel.seed)  # the same sentences for every sibling
    for opener, clauses in skel.sentences:
        sentence = _fill(opener, rng, facts) + ", ".join(_fill(c, text_rng, facts) for c in clauses) + "."
        paragraphs.append(sentence[0].upper() + sentence[1:])
    speaker, post = people[0]
    paragraphs.append(f"Phát biểu tại hội nghị, đồng chí {speaker} - {post} đề nghị các đơn vị "
                      f"tiếp tục phối hợp chặt chẽ, hoàn thành thắng lợi nhiệm vụ năm {year}.")
    return "\n\n".join(paragraphs)


def _republish(body: str, rng: random.Random) -> str:
    """Another portal's copy: other lead, a footer, a few words edited, spelling variants."""
    paragraphs = body.split("\n\n")
    district = rng.choice(DISTRICTS)
    paragraphs[0] = rng.choice(("Theo tin từ cơ sở, ", "Tin từ địa phương: ", "")) + paragraphs[0]
    if rng.random() < 0.5:
        paragraphs.insert(0, rng.choice(("(Cổng TTĐT) - ", "HNM - ", "")) + "Hội nghị được đánh giá cao về nội dung và hình thức.")
    paragraphs.append(rng.choice(FOOTERS).format(district=district))
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(("các", "những", "đã", "được", words[i].upper()))
    text = " ".join(words)
    if rng.random() < 0.5:
        text = text.replace("Ủy", "Uỷ").replace(" - ", " – ")
    return text


def generate(n: int, seed: int = 7, copies_share: float = 0.3, siblings_share: float = 0.2) -> list[SyntheticArticle]:
    """About n articles: bases, copies of bases and template siblings."""
    rng = random.Random(seed)
    out: list[SyntheticArticle] = []
    story = 0
    for family in itertools.count():
        if len(out) >= n:
            break
        skel = _skeleton(rng)
        body = _render(skel, rng)
        out.append(SyntheticArticle(story, family, "base", body))
        base_story = story
        story += 1
        while rng.random() < copies_share / (1 - copies_share) and len(out) < n:
            out.append(SyntheticArticle(base_story, family, "copy", _republish(body, rng)))
        while rng.random() < siblings_share / (1 - siblings_share) and len(out) < n:
            out.append(SyntheticArticle(story, family, "sibling", _render(skel, rng)))
            story += 1
    return out[:n]
