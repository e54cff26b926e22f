"""Rules of the generic reader that real portals of several platforms need, each on a
small page written for the test: the title inside Bootstrap's ``page-header``, a
date line that links to its section, a row of tool links after the body, the
category and view-count lines."""

from __future__ import annotations

from datetime import date, datetime

from crawler.extract import PageHints, extract_generic_html

_BODY = "\n".join(
    f'<p style="text-align: justify;">{text}</p>' for text in (
        "Sáng 24/12/2021, UBND phường Quảng An tổ chức hội nghị tổng kết công tác năm 2021 và triển khai nhiệm vụ năm 2022.",
        "Năm 2021, phường hoàn thành 18/18 chỉ tiêu kinh tế - xã hội do HĐND phường giao, thu ngân sách đạt 132% dự toán.",
        "Phát biểu kết luận, đồng chí Chủ tịch UBND phường đề nghị các đơn vị tập trung cải cách hành chính, chuyển đổi số.",
    ))
_PARAGRAPHS = 3
_TITLE = "Phường Quảng An tổng kết công tác năm 2021, triển khai nhiệm vụ năm 2022"


def _page(main: str, aside: str = "") -> str:
    return (f"<html><head><title>{_TITLE}</title></head><body class='has-sidebar'>"
            "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/hd'>Hoạt động HĐND - UBND</a></li></ul></nav>"
            f"<main>{main}</main><div class='span3'>{aside}</div></body></html>")


def test_the_title_in_a_page_header_wins_over_a_sidebar_module_title_and_the_printed_time_over_a_bare_list_day():
    # Bootstrap themes (Joomla's Protostar and Cassiopeia, Drupal's Bootstrap) wrap the page's own
    # heading in .page-header and title every sidebar module with h3.page-header too.
    main = (f'<div class="item-page"><div class="page-header"><h2 itemprop="headline">{_TITLE}</h2></div>'
            '<dl class="article-info"><dd class="category-name">Chuyên mục: <a href="/hd">Hoạt động HĐND - UBND</a></dd>'
            '<dd class="published"><time datetime="2021-12-24T08:54:00+07:00">Ngày đăng: 24-12-2021 08:54</time></dd>'
            f'<dd class="hits">Lượt xem: 1.204</dd></dl><div itemprop="articleBody">{_BODY}</div></div>')
    aside = ('<div class="well"><h3 class="page-header">Tin mới nhất trong tuần</h3><ul><li><a href="/a">'
             'Hội nghị giao ban khối thi đua các phường quý IV</a></li></ul></div>'
             '<div class="well"><h3 class="page-header">Thống kê truy cập</h3><p>Đang online: 27</p></div>')
    extraction = extract_generic_html(_page(main, aside), PageHints(published=date(2021, 12, 24)))
    assert extraction.ok, extraction.missing
    article = extraction.article
    assert article.title == _TITLE
    assert article.published == datetime(2021, 12, 24, 8, 54)
    assert article.category == "Hoạt động HĐND - UBND"
    assert article.views == 1204
    assert len(article.paragraphs) == _PARAGRAPHS


def test_a_row_of_tool_links_after_the_body_is_not_body():
    main = (f'<div class="news-detail"><h2 class="news-title">{_TITLE}</h2><div class="news-content">{_BODY}'
            '<p style="text-align: right;"><b>Nguyễn Thu Hà</b></p></div>'
            '<div class="tool-news"><a href="javascript:window.print();">In trang</a> | '
            '<a href="javascript:history.back();">Quay lại</a></div></div>')
    extraction = extract_generic_html(_page(main), PageHints(published=datetime(2021, 12, 24, 15, 2)))
    assert extraction.ok, extraction.missing
    assert extraction.article.paragraphs[-1] == "Nguyễn Thu Hà"
    assert len(extraction.article.paragraphs) == _PARAGRAPHS + 1


def test_the_breadcrumbs_unlinked_last_step_is_the_category_and_a_view_counter_is_read():
    # Drupal prints the current step as plain text, and its statistics module's counter looks like furniture.
    main = ('<nav class="breadcrumb" role="navigation"><ol><li><a href="/">Trang chủ</a></li>'
            '<li>Hoạt động chính quyền</li></ol></nav>'
            f'<article class="node"><h1 class="page-title">{_TITLE}</h1><div class="node__meta">'
            '<span class="field--name-created">Thứ Sáu, 24/12/2021 - 08:54</span>'
            f'<span class="statistics-counter">Lượt xem: 356</span></div><div class="field--name-body">{_BODY}</div>'
            '</article>')
    extraction = extract_generic_html(_page(main))
    assert extraction.ok, extraction.missing
    assert (extraction.article.category, extraction.article.views) == ("Hoạt động chính quyền", 356)
    assert extraction.article.published == datetime(2021, 12, 24, 8, 54)


def test_a_menu_item_classed_by_category_is_not_the_articles_section():
    # WordPress classes every menu link to a category "menu-item-object-category"; the post's own is rel=category.
    main = (f'<article><h1 class="entry-title">{_TITLE}</h1><div class="entry-meta"><time class="entry-date" '
            f'datetime="2021-12-24T08:54:00+07:00">24/12/2021</time></div><div class="entry-content">{_BODY}</div>'
            '<footer class="entry-footer"><span class="cat-links">Chuyên mục <a href="/c/cd" rel="category tag">'
            'Chỉ đạo điều hành</a></span></footer></article>')
    menu = ('<ul class="menu"><li class="menu-item menu-item-object-category"><a href="/c/tdp">Tin địa phương</a>'
            '</li></ul>')
    extraction = extract_generic_html(_page(menu + main))
    assert extraction.ok, extraction.missing
    assert extraction.article.category == "Chỉ đạo điều hành"


def test_a_page_header_with_the_sites_search_box_is_a_masthead_not_the_title():
    masthead = ('<div class="page-header"><h1>Cổng thông tin điện tử phường Quảng An</h1>'
                '<form action="/tim-kiem"><input name="q" /></form></div>')
    main = (f'<div class="news-detail"><h2 class="news-title">{_TITLE}</h2>'
            f'<div class="news-date">24/12/2021 08:54</div><div class="news-content">{_BODY}</div></div>')
    page = _page(masthead + main).replace(f"<title>{_TITLE}</title>",
                                          f"<title>{_TITLE} | Cổng thông tin điện tử phường Quảng An</title>")
    extraction = extract_generic_html(page)
    assert extraction.ok, extraction.missing
    assert extraction.article.title == _TITLE
    assert "Cổng thông tin điện tử phường Quảng An" not in extraction.article.paragraphs


def test_the_pages_own_time_completes_a_bare_day_and_a_news_list_items_time_does_not():
    import lxml.html

    from crawler.extract.published import DateEvidence, printed_on_page, with_printed_time

    root = lxml.html.fromstring(
        "<div><ul><li><a href='/b'>Hội nghị giao ban khối thi đua các phường quý IV</a> 24/12/2021 07:10</li></ul>"
        "<div class='tin'><div class='thongtin'><p>Cập nhật: 24/12/2021 15:02</p></div></div></div>")
    printed = printed_on_page(root)
    bare = [DateEvidence("list", datetime(2021, 12, 24), False)]
    assert with_printed_time(datetime(2021, 12, 24), bare, printed) == datetime(2021, 12, 24, 15, 2)
    # Another day's time, or evidence that already has a time, leave the pick alone.
    assert with_printed_time(datetime(2021, 12, 23), bare, printed) == datetime(2021, 12, 23)
    timed = [DateEvidence("meta", datetime(2021, 12, 24, 9, 30), True)]
    assert with_printed_time(datetime(2021, 12, 24, 9, 30), timed, printed) == datetime(2021, 12, 24, 9, 30)
