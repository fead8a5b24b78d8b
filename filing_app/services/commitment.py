"""The written commitment letter (书面承诺书, 《生态环境监测条例》第二十八条) as a .docx.

Built with zipfile from WordprocessingML written here (no template file, no extra package):
the smallest set of parts Word and WPS open — content types, package relationships, the
document, its styles and the core properties.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from xml.sax.saxutils import escape

from filing_app.domain.enums import FilingType

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

# 仿宋 for the body and 宋体 for the title, 四号 (14 pt) body text, as official letters are set.
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{_W}">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:line="480" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
</w:styles>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title>
<dc:creator>国家生态环境监测技术服务机构管理系统</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>
</cp:coreProperties>"""

TITLE = "生态环境监测技术服务机构备案书面承诺书"


def commitment_text(institution_name: str, credit_code: str, filing_type: str) -> list[str]:
    """The letter's paragraphs (also what tests read back)."""
    kind = "生态环境监测" if filing_type == FilingType.MONITORING else "生态环境监测设施运维"
    return [
        f"本机构（名称：{institution_name}；统一社会信用代码：{credit_code}）依据《生态环境监测条例》第二十八条的规定，"
        f"向注册地所在省级生态环境主管部门办理{kind}技术服务机构备案，现郑重承诺：",
        "一、本次备案填报的基本信息、技术人员、技术能力、设施设备、管理能力等全部信息及上传的证明材料真实、完整、准确，"
        "不存在虚假记载、误导性陈述或者重大遗漏。",
        f"二、本机构具备与所从事的{kind}技术服务相适应的专业技术人员、设施设备和管理体系，"
        "对出具的监测数据、运维记录等的真实性、准确性负责。",
        "三、备案信息发生变化时，本机构将按照规定及时办理备案变更；不再从事相关技术服务时，及时办理备案注销。",
        "四、本机构自愿接受生态环境主管部门的监督检查。如有违反上述承诺或者备案信息不实的情形，"
        "本机构愿意承担相应的法律责任。",
    ]


def _run(text: str, *, bold: bool = False, size: int | None = None, font: str | None = None) -> str:
    props = []
    if font:
        props.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>')
    if bold:
        props.append("<w:b/><w:bCs/>")
    if size:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(text: str = "", *, align: str | None = None, indent: bool = False, space_before: int = 0,
               **run) -> str:
    props = []
    if space_before:
        props.append(f'<w:spacing w:before="{space_before}"/>')
    if indent:
        props.append('<w:ind w:firstLineChars="200" w:firstLine="560"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{_run(text, **run) if text else ''}</w:p>"


def commitment_docx(institution_name: str, credit_code: str, filing_type: str, today: date) -> bytes:
    body = [_paragraph(TITLE, align="center", bold=True, size=36, font="宋体"), _paragraph()]
    body += [_paragraph(text, indent=True, align="both") for text in commitment_text(institution_name, credit_code,
                                                                                   filing_type)]
    body += [
        _paragraph("法定代表人（签字）：", space_before=600),
        _paragraph(f"机构名称（盖章）：{institution_name}"),
        _paragraph(f"统一社会信用代码：{credit_code}"),
        _paragraph(f"日期：{today.year}年    月    日", align="right"),
    ]
    section = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:top="1440" w:right="1588" w:bottom="1440" w:left="1588" w:header="851" w:footer="992"'
               ' w:gutter="0"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
                + "".join(body) + section + "</w:body></w:document>")
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        # [Content_Types].xml first, as Office writes it.
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _PACKAGE_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        zf.writestr("word/styles.xml", _STYLES)
        zf.writestr("docProps/core.xml", _CORE.format(title=escape(TITLE), created=created))
    return buffer.getvalue()
