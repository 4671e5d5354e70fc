"""Reasons of the register status (住民状態: 除票, 住登外) and of the registration-time query (照会)."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

STATUS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    # A removed or non-resident register row is never "the number is wrong": the
    # business task is a loss-of-eligibility (資格喪失) check.
    ("REGISTER_DECEASED", "status", R,
     "住基データではこの方は死亡により住民票が消除されています（除票）。番号の誤りではありません。"
     "業務上の資格喪失・支給停止などの処理が済んでいるか確認してください。",
     "The register shows this person's record removed by death (除票). The number is not wrong: check that the "
     "business record's loss of eligibility (資格喪失, stopped payments) has been processed."),
    ("REGISTER_MOVED_OUT", "status", R,
     "住基データではこの方は転出により住民票が消除されています（除票）。番号の誤りではありません。"
     "転出後の資格の扱い（資格喪失・住所地特例など）と業務データの住所を確認してください。",
     "The register shows this person's record removed because they moved out (転出, 除票). The number is not "
     "wrong: check the eligibility after the move (loss of eligibility, 住所地特例) and the address held."),
    ("REGISTER_REMOVED_EX_OFFICIO", "status", R,
     "住基データではこの方の住民票は職権で消除されています（居住の実態がないなど）。番号の誤りではありません。"
     "業務上の資格と連絡先を確認してください。",
     "The register shows this person's record removed ex officio (職権消除: not living at the address). The number "
     "is not wrong: check the eligibility and how to reach the person."),
    ("REGISTER_REMOVED", "status", R,
     "住基データではこの方の住民票は消除されています（除票。消除事由は抽出データにありません）。番号の誤りではありません。"
     "消除事由（死亡・転出など）を住民記録で確認し、業務上の資格の扱いを確認してください。",
     "The register shows this person's record removed (除票; the extract does not say why). The number is not "
     "wrong: look up the reason (death, moving out …) in the resident register and check the eligibility."),
    ("REGISTER_MOVING_OUT", "status", R,
     "この方は転出の届出をしています（転出予定）。番号の誤りではありません。転出予定日以降の資格の扱いを確認してください。",
     "This person has filed a move-out (転出予定). The number is not wrong: check the eligibility from the moving date."),
    ("REGISTER_NOT_RESIDENT", "status", R,
     "この方は住登外者（この市区町村に住民登録のない人）として記録されています。番号の誤りではありません。"
     "住所地の市区町村の住民票（住基ネットの照会）で4情報と資格を確認してください。",
     "This person is recorded as not registered in this municipality (住登外). The number is not wrong: check the "
     "four items and the eligibility against the register of the municipality where they live (住基ネット)."),
    ("REGISTER_STATUS_UNRECOGNISED", "status", R,
     "住基データの住民状態（異動事由・消除事由）の値を解釈できません。値と抽出元システムのコード表を確認してください"
     "（コードの対応付けを追加できます）。",
     "The register status (住民状態, 異動事由, 消除事由) is a value mynacheck does not know. Check the value and the "
     "extracting system's code table (a code mapping can be added)."),
)

RESOLVE: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("RESOLVE_ONE_MATCH", "resolve", M,
     "照会結果のうち1人だけが4情報で一致しました。この人に紐付けられます。",
     "Exactly one person of the query result agrees on the four items: this is the person to link."),
    ("RESOLVE_NO_CANDIDATE", "resolve", X,
     "照会結果に該当者がいません。紐付ける相手がありません。申請内容を本人に確認してください。",
     "The query found nobody: there is no one to link to. Confirm the application with the person."),
    ("RESOLVE_NONE_MATCH", "resolve", X,
     "照会結果のどの人とも一致しません（すべて不一致）。紐付けず、申請内容を本人に確認してください。",
     "No person of the query result agrees (every one is a mismatch). Do not link; confirm the application with "
     "the person."),
    ("RESOLVE_ONE_TO_REVIEW", "resolve", R,
     "照会結果のうち1人が要確認です（一致する人はいません）。その人の項目を目視で確認してから紐付けてください。",
     "One person of the query result needs a visual check (nobody agrees fully). Check that person's items before "
     "linking."),
    ("RESOLVE_SEVERAL", "resolve", R,
     "照会結果の複数人が一致または要確認です。自動では選びません。4情報（氏名・生年月日・性別・住所）と本人確認書類で"
     "1人に特定してから紐付けてください。",
     "Several people of the query result agree or need a check; none is picked automatically. Identify the person "
     "by all four items (name, birth date, sex, address) and an identity document before linking."),
)
