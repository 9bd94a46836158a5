"""The procedure guide as data for other systems: ``index.json`` and schema.org JSON-LD.

Plain values only (no HTML): the JSON-LD goes into the page through the template
``procedures/json_ld.html.j2``.
"""

from __future__ import annotations

import json
from typing import Any

from cchc.core.settings import Settings
from cchc.core.urls import PROCEDURES_DIR
from cchc.posts.model import shorten
from cchc.procedures.model import Catalogue, Channel, DocumentItem, Procedure


def filing_place(procedure: Procedure) -> str:
    return procedure.meta.dia_chi_tiep_nhan or procedure.meta.co_quan_thuc_hien


def description(procedure: Procedure) -> str:
    """The page's description (text): name, code, field, time limit and fee."""
    meta = procedure.meta
    text = (
        f"{meta.ten_thu_tuc} (mã {meta.ma_thu_tuc}, lĩnh vực {meta.linh_vuc}): giấy tờ cần chuẩn bị, "
        f"cách nộp, thời hạn giải quyết ({meta.thoi_han_giai_quyet}), phí, lệ phí ({meta.le_phi})."
    )
    return shorten(" ".join(text.split()), 300)


# --- JSON-LD ----------------------------------------------------------------------------------


def _provider(settings: Settings) -> dict[str, Any]:
    org = settings.organisation
    provider: dict[str, Any] = {"@type": "GovernmentOrganization", "name": org.name}
    if org.address:
        provider["address"] = org.address
    if org.phone:
        provider["telephone"] = org.phone
    if org.email:
        provider["email"] = org.email
    return provider


def _channel(channel: Channel, procedure: Procedure, settings: Settings) -> dict[str, Any]:
    meta = procedure.meta
    item: dict[str, Any] = {
        "@type": "ServiceChannel",
        "name": channel.hinh_thuc,
        "description": channel.thoi_han,
    }
    if channel.hinh_thuc == "Trực tuyến" and meta.dich_vu_cong_url:
        item["serviceUrl"] = meta.dich_vu_cong_url
    if channel.hinh_thuc == "Trực tiếp":
        item["serviceLocation"] = {
            "@type": "Place",
            "name": filing_place(procedure),
            "address": settings.organisation.address,
        }
    return item


def json_ld(procedure: Procedure, settings: Settings) -> dict[str, Any]:
    """schema.org ``GovernmentService`` describing the procedure."""
    meta = procedure.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": meta.ten_thu_tuc,
        "identifier": meta.ma_thu_tuc,
        "url": settings.absolute(procedure.url),
        "description": description(procedure),
        "serviceType": meta.linh_vuc,
        "category": meta.cap_thuc_hien,
        "provider": _provider(settings),
        "serviceOperator": {"@type": "GovernmentOrganization", "name": meta.co_quan_thuc_hien},
        "audience": {"@type": "Audience", "audienceType": meta.doi_tuong},
        "availableChannel": [_channel(c, procedure, settings) for c in meta.cach_thuc],
        "termsOfService": [f"{b.so_ky_hieu}: {b.trich_yeu}" for b in meta.can_cu_phap_ly],
    }
    if meta.ma_cu:
        data["alternateName"] = [f"Mã cũ {code}" for code in meta.ma_cu]
    return data


# --- index.json -------------------------------------------------------------------------------


def _document(item: DocumentItem, settings: Settings) -> dict[str, Any]:
    return {
        "ten": item.ten,
        "ban_chinh": item.ban_chinh,
        "ban_sao": item.ban_sao,
        "mau": settings.absolute(item.mau) if item.mau else None,
    }


def record_data(procedure: Procedure, settings: Settings) -> dict[str, Any]:
    """One record with the contract's keys; files and pages as absolute URLs."""
    meta = procedure.meta
    documents = [
        {"truong_hop": e.truong_hop, "giay_to": [_document(i, settings) for i in e.items]}
        if e.truong_hop
        else _document(e.items[0], settings)
        for e in meta.thanh_phan_ho_so
    ]
    return {
        "ma_thu_tuc": meta.ma_thu_tuc,
        "ten_thu_tuc": meta.ten_thu_tuc,
        "linh_vuc": meta.linh_vuc,
        "cap_thuc_hien": meta.cap_thuc_hien,
        "muc_do_truc_tuyen": meta.muc_do_truc_tuyen,
        "dich_vu_cong_url": meta.dich_vu_cong_url,
        "trinh_tu": list(meta.trinh_tu),
        "cach_thuc": [c.model_dump() for c in meta.cach_thuc],
        "thanh_phan_ho_so": documents,
        "so_luong_ho_so": meta.so_luong_ho_so,
        "thoi_han_giai_quyet": meta.thoi_han_giai_quyet,
        "doi_tuong": meta.doi_tuong,
        "co_quan_thuc_hien": meta.co_quan_thuc_hien,
        "dia_chi_tiep_nhan": meta.dia_chi_tiep_nhan,
        "ket_qua": meta.ket_qua,
        "le_phi": meta.le_phi,
        "mau_don": [{"ten": f.ten, "file": settings.absolute(f.file)} for f in meta.mau_don],
        "yeu_cau_dieu_kien": meta.yeu_cau_dieu_kien,
        "can_cu_phap_ly": [b.model_dump(mode="json") for b in meta.can_cu_phap_ly],
        "quyet_dinh_cong_bo": meta.quyet_dinh_cong_bo,
        "ma_cu": list(meta.ma_cu),
        "cap_nhat": meta.cap_nhat.isoformat(),
        "url": settings.absolute(procedure.url),
    }


def index_json(catalogue: Catalogue, settings: Settings) -> bytes:
    """``thu-tuc/index.json``: every record, sorted by code (no build time: reproducible)."""
    records = sorted(catalogue.procedures, key=lambda p: p.code)
    data = {
        "co_quan": settings.organisation.name,
        "trang": settings.absolute(f"{PROCEDURES_DIR}/"),
        "so_luong": len(records),
        "thu_tuc": [record_data(p, settings) for p in records],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
