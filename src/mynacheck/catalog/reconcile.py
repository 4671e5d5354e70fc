"""Reasons of the batch reconciliation (突合) that no single pair comparison gives."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("RECORD_REGISTER_DUPLICATE", "record", R,
     "住基データに同じ個人番号の行が複数あります。抽出データを確認してください（最初の行と照合しました）。",
     "The register extract holds this My Number on several rows; check the extract (compared with the first)."),
    ("RECORD_NOT_IN_REGISTER_OR_REMOVED", "record", X,
     "この個人番号は住基データにも除票（消除者）のデータにもありません。番号の誤りか抽出漏れの可能性があります。"
     "申請書の原本と抽出条件を確認してください。",
     "This My Number is neither in the register extract nor in the removed-residents extract: a wrong number, or "
     "missing from the extracts. Check the original application and the extraction."),
    ("RECORD_COMPARE_FAILED", "record", R,
     "この行は自動照合できませんでした。値を目視で確認してください。",
     "This row could not be compared automatically. Check its values visually."),
)
