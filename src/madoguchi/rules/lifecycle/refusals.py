"""Every refusal of the card lifecycle: a code and its reason in Japanese,
English and やさしい日本語, in one place (transitions.py raises them)."""

from __future__ import annotations

from ..text import Text

# One place for every refusal's wording: {ja, en, easy}, with {placeholders}.
REFUSALS: dict[str, Text] = {
    "card_ordered": Text(
        ja="このカードはまだ作成中です（J-LISから届いていません）。",
        en="This card is still being made; it has not arrived from J-LIS.",
        easy="この カードは まだ できて いません。",
    ),
    "card_arrived": Text(
        ja="このカードはまだ交付していません。先に交付の手続をしてください。",
        en="This card has not been handed over yet; hand it over first.",
        easy="この カードは まだ わたして いません。",
    ),
    "card_active": Text(
        ja="このカードは有効で、一時停止されていません。",
        en="This card is in use and not suspended.",
        easy="この カードは とまって いません。",
    ),
    "card_suspended": Text(
        ja="このカードは一時停止中です。見つかった場合は、先に窓口で一時停止を解除してください。",
        en="This card is suspended; if it was found, lift the suspension at the counter first.",
        easy="この カードは とまって います。さきに もとに もどして ください。",
    ),
    "card_superseded": Text(
        ja="このカードは再交付の申請により廃止されており、見つかっても使用できません。返却を受けてください。",
        en="A new card was applied for, so this card is cancelled and can never be used again, even if found; take it back for return.",
        easy="あたらしい カードを もうしこんだ ので、この カードは もう つかえません。かえして もらって ください。",
    ),
    "card_lapsed": Text(
        ja="このカードは失効しています（マイナンバーの変更など）。使用できません。",
        en="This card has lapsed (the My Number was changed); it cannot be used.",
        easy="この カードは もう つかえません。",
    ),
    "card_expired": Text(
        ja="このカードは有効期限（{expires}）を過ぎています。この手続はできません。",
        en="This card expired on {expires}; this procedure cannot be done.",
        easy="この カードは きげん（{expires}）が すぎて います。",
    ),
    "card_returned": Text(
        ja="このカードは返却済みです。",
        en="This card has already been returned.",
        easy="この カードは もう かえして もらって います。",
    ),
    "card_abroad": Text(
        ja="このカードは国外継続利用中です（国外転出者）。帰国して転入したときは、新しいカードではなく国内継続利用の手続をしてください（国外からの転入による無料の特急発行の対象ではありません）。",
        en="This card is kept by a holder abroad. On return, with the move-in notice, do the continued-use procedure for returners rather than a new card; it is not a free express issue for moving in from abroad.",
        easy="この カードは 外国《がいこく》で 使《つか》う 手続《てつづき》を しています。日本《にほん》に 戻《もど》ったら、国内《こくない》で 使《つか》う 手続《てつづき》を します。",
    ),
    "keep_abroad_japanese_only": Text(
        ja="国外継続利用は、戸籍の附票がある日本国籍の方の手続です。国外に転出する場合は、カードを返却してください。",
        en="Keeping the card abroad is for Japanese nationals (with a family-register residence record); otherwise the card is returned when moving abroad.",
        easy="外国《がいこく》で カードを 使《つか》えるのは、日本《にほん》の 国籍《こくせき》の 人《ひと》だけです。カードを 返《かえ》して ください。",
    ),
    "keep_abroad_too_late": Text(
        ja="国外継続利用の申請は出国の前日（{deadline}）までです。出国日以降はカードが失効しますので、返却を受けてください。",
        en="Keeping the card abroad is applied for by the day before departure ({deadline}); from the departure day the card lapses and is returned.",
        easy="手続《てつづき》は 出国《しゅっこく》の 前《まえ》の 日《ひ》（{deadline}）までです。カードは 使《つか》えなく なります。返《かえ》して ください。",
    ),
    "already_suspended": Text(
        ja="このカードはすでに一時停止されています。",
        en="This card is already suspended.",
        easy="この カードは もう とまって います。",
    ),
    "channel_not_allowed": Text(
        ja="{procedure}は{channel}では受け付けられません（{allowed}のみ）。",
        en="{procedure} cannot be done by {channel}; only: {allowed}.",
        easy="{procedure}は {channel}では できません。",
    ),
    "not_reported_lost": Text(
        ja="このカードは紛失の届出がされていません。",
        en="This card was not reported lost.",
        easy="この カードは なくした と いう とどけが ありません。",
    ),
    "reissue_already_applied": Text(
        ja="このカードにはすでに再交付の申請があります。",
        en="A new card has already been applied for in place of this one.",
        easy="もう あたらしい カードを もうしこんで います。",
    ),
    "notes_not_full": Text(
        ja="追記欄はまだいっぱいではありません（{used}/{capacity}）。無料の再交付は追記欄が満杯のときだけです。",
        en="The notes field is not full yet ({used} of {capacity}); the free re-issue is only for a full notes field.",
        easy="かく ところは まだ あります（{used}/{capacity}）。",
    ),
    "notes_full": Text(
        ja="追記欄がいっぱいです（{used}/{capacity}）。新しいカードを無料で再交付できます（追記欄満杯による再交付）。",
        en="The notes field is full ({used} of {capacity}). A new card can be issued free of charge (re-issue for a full notes field).",
        easy="かく ところが いっぱい です。あたらしい カードを ただで つくれます。",
    ),
    "pin_locked": Text(
        ja="{pin}の暗証番号はロックされています。先に暗証番号の再設定をしてください。",
        en="The {pin} PIN is locked; reset it first.",
        easy="あんしょうばんごう が ロック されて います。さきに きめなおして ください。",
    ),
    "no_period_of_stay": Text(
        ja="この方には在留期間の定めがありません（カードの有効期限は誕生日で決まります）。",
        en="This resident has no period of stay; the card's expiry follows the birthday rule only.",
        easy="この ひとには ざいりゅうきげん が ありません。",
    ),
    "special_period_used": Text(
        ja="特例期間による有効期限の延長はすでに行われています。再延長はできません。新しい在留カードで変更してください。",
        en="The card was already extended for the special period once; it cannot be extended again. Change it with the new residence card.",
        easy="とくれい の えんちょう は 1かい だけ です。",
    ),
    "capped_by_birthday": Text(
        ja="有効期限は誕生日による上限（{cap}）より後にはできません。これ以上延ばすにはカードの再申請が必要です。",
        en="The card cannot run past the birthday limit ({cap}); to go further, apply for a new card.",
        easy="これ いじょう きげんを のばせません。あたらしい カードを もうしこんで ください。",
    ),
    "renewal_window_not_open": Text(
        ja="電子証明書の更新は{opens}から受け付けます（有効期限 {expires}）。",
        en="The certificates can be renewed from {opens} (they expire on {expires}).",
        easy="こうしん は {opens} から できます。",
    ),
    "under_signature_age": Text(
        ja="{age}歳未満の方には署名用電子証明書は発行されません（現在{actual}歳）。",
        en="No signature certificate is issued to anyone under {age} (now {actual}).",
        easy="{age}さい より したの ひとには でません。",
    ),
    "adult_ward_no_signature": Text(
        ja="成年被後見人の方には署名用電子証明書は発行されません（利用者証明用電子証明書は発行できます）。",
        en="No signature certificate is issued to an adult under guardianship; the user certificate can be.",
        easy="この 人《ひと》には 署名用《しょめいよう》電子証明書《でんししょうめいしょ》は 出《で》ません。",
    ),
    "signature_certificate_active": Text(
        ja="署名用電子証明書は有効です（{expires}まで）。期限が近い場合は更新の手続をしてください。",
        en="The signature certificate is valid until {expires}; renew it instead when it is due.",
        easy="しょめいよう でんししょうめいしょ は まだ つかえます。",
    ),
    "user_certificate_not_active": Text(
        ja="利用者証明用電子証明書が有効ではありません。先に電子証明書の更新をしてください。",
        en="The user certificate is not valid; renew the certificates first.",
        easy="さきに でんししょうめいしょ を こうしん して ください。",
    ),
    "no_misuse_risk": Text(
        ja="マイナンバーの変更は、番号が漏えいして不正に用いられるおそれがあると認められる場合に限ります（番号法第7条第2項）。",
        en="The My Number is changed only where it leaked and may be misused (My Number Act, art. 7(2)).",
        easy="ばんごうが もれて わるく つかわれそうな とき だけ かえられます。",
    ),
    "not_yet_expired": Text(
        ja="このカードの有効期限（{expires}）はまだ過ぎていません。",
        en="This card is valid until {expires}; it has not expired.",
        easy="この カードは まだ きげんが きれて いません。",
    ),
    "not_ordered": Text(
        ja="このカードは作成中ではありません（到着の記録は作成中のカードだけです）。",
        en="This card is not being made; only an ordered card can arrive.",
        easy="この カードは つくって いる ところ では ありません。",
    ),
    "not_arrived": Text(
        ja="このカードはまだ窓口に届いていません。",
        en="This card has not arrived at the counter yet.",
        easy="この カードは まだ とどいて いません。",
    ),
    "arrived_expired": Text(
        ja="このカードは有効期限（{expires}）を過ぎているため交付できません。再度申請してください。",
        en="This card expired on {expires} before it was handed over; apply again.",
        easy="きげんが すぎた ので わたせません。",
    ),
    "counter_closed": Text(
        ja="いまは{procedure}を受け付けていません：{reasons}",
        en="{procedure} is not taken now: {reasons}",
        easy="いまは {procedure}が できません：{reasons}",
    ),
    "applicant_not_allowed": Text(
        ja="{procedure}は{applicant}では手続できません（手続できるのは：{allowed}）。",
        en="A {applicant} cannot do {procedure}; it is done by: {allowed}.",
        easy="{applicant}では できません。",
    ),
    "documents_missing": Text(
        ja="確認していない書類があります：{documents}",
        en="Not all documents were checked: {documents}",
        easy="まだ たしかめて いない しょるい が あります：{documents}",
    ),
}


class Refusal(Exception):
    """A rule forbids the action: a code and the reason in every language."""

    def __init__(self, code: str, offers: tuple[str, ...] = (), **fmt: object):
        self.code = code
        self.offers = offers
        self.text = REFUSALS[code].format(**fmt)
        super().__init__(f"{code}: {self.text.en}")

    @property
    def message_ja(self) -> str:
        return self.text.ja

    @property
    def message_en(self) -> str:
        return self.text.en

