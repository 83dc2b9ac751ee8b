"""Koganei's procedures, who may do them and what they cost (FACTS.md §1-§2, §7)."""

from dataclasses import replace
from datetime import date

import pytest
from tests.rules.conftest import cases

from madoguchi.rules.city import is_valid_local_government_code, local_government_code_check_digit
from madoguchi.rules.errors import RulesInputError
from tests.facts import ADDED_PROCEDURE_IDS, FACTS_PROCEDURE_IDS

PROCEDURE_IDS = list(FACTS_PROCEDURE_IDS)


def test_every_procedure_of_facts_is_in_the_catalog(koganei):
    assert sorted(koganei.catalog.procedures) == sorted([*FACTS_PROCEDURE_IDS, *ADDED_PROCEDURE_IDS])


@pytest.mark.parametrize("pid", PROCEDURE_IDS)
def test_every_procedure_has_sources_and_names_in_every_language(koganei, pid):
    p = koganei.catalog.get(pid)
    assert p.sources and all(s.startswith("https://") for s in p.sources)
    assert p.name.ja and p.name.en and p.name.easy
    assert all(s.startswith("https://") for f in p.fees for s in f.sources)


def test_reissue_after_loss_costs_800_for_the_card_and_200_for_certificates(koganei):
    fee = koganei.catalog.get("reissue-after-loss").fee_on(date(2025, 6, 10))
    assert {i.item: (i.yen, i.optional) for i in fee.items} == {"card": (800, False), "certificates": (200, True)}
    assert (fee.total, fee.total_without_optional) == (1000, 800)


def test_express_issue_starts_on_2024_12_02_at_2000_yen(koganei):
    express = koganei.catalog.get("express-issue")
    with pytest.raises(RulesInputError) as e:
        express.fee_on(date(2024, 12, 1))
    assert e.value.code == "not_in_force" and "2024-12-02" in e.value.message("ja")
    assert not express.in_force(date(2024, 12, 1)) and express.in_force(date(2024, 12, 2))
    fee = express.fee_on(date(2024, 12, 2))
    assert (fee.total, fee.total_without_optional) == (2000, 1800)


def test_express_issue_is_free_in_its_three_circumstances_and_otherwise_charged(koganei):
    fee = koganei.catalog.get("express-issue").fee_on(date(2026, 11, 24))
    assert sum(i.yen for i in fee.charged(())) == 2000
    assert sum(i.yen for i in fee.charged((), with_optional=False)) == 1800
    for free in ("under-one", "moved-in-from-abroad", "notes-field-full"):
        assert fee.charged({free, "lost-outside-home"}) == ()


@pytest.mark.parametrize(
    "birth, on, reckoning, under_one",
    [(date(2026, 2, 1), date(2027, 1, 30), "day_before", True),
     (date(2026, 2, 1), date(2027, 1, 31), "day_before", False),  # one on the day before the birthday (FACTS.md §8)
     (date(2026, 2, 1), date(2027, 1, 31), "birthday", True),
     (date(2026, 2, 1), date(2027, 2, 1), "birthday", False),
     (date(2024, 2, 29), date(2025, 2, 27), "day_before", True),
     (date(2024, 2, 29), date(2025, 2, 28), "day_before", False)],  # 29 February: one on 28 February
)  # fmt: skip
def test_the_register_shows_a_child_under_one_until_the_age_is_reached(koganei, birth, on, reckoning, under_one):
    from madoguchi.rules.catalog import circumstances_from_register

    ages = replace(koganei.validity, age_reckoning=reckoning)
    assert ("under-one" in circumstances_from_register(birth, on, ages)) is under_one


def test_free_procedures_cost_nothing(koganei):
    for pid in ("card-info-change", "pin-reset", "card-return", "suspend-lost-card"):
        assert koganei.catalog.get(pid).fee_on(date(2025, 6, 10)).total == 0


def required(koganei, pid, applicant):
    return {r.id: (r.condition.id if r.condition else None) for r in koganei.catalog.get(pid).requirements_for(applicant)}


@pytest.mark.parametrize("pid", PROCEDURE_IDS)
def test_proxies_and_representatives_bring_their_proof(koganei, pid):
    allowed = koganei.catalog.get(pid).applicants
    if "voluntary-proxy" in allowed and pid != "suspend-lost-card":
        # A 委任状: the general one, or at pickup the one on the 交付通知書.
        assert {"power-of-attorney", "pickup-power-of-attorney"} & set(required(koganei, pid, "voluntary-proxy"))
    if "legal-representative" in allowed and pid != "suspend-lost-card":
        assert "legal-representative-proof" in required(koganei, pid, "legal-representative")


def test_police_report_number_only_when_lost_outside_home(koganei):
    for applicant in koganei.catalog.get("reissue-after-loss").applicants:
        assert required(koganei, "reissue-after-loss", applicant)["police-report-number"] == "lost-outside-home"
    reqs = koganei.catalog.get("reissue-after-loss").requirements_for("self")
    police = next(r for r in reqs if r.id == "police-report-number")
    assert police.label.en.endswith("(if lost outside your home)")


def test_card_info_change_then_signature_certificate_after_an_address_or_name_change(koganei):
    follow_ups = {f.procedure: f.condition.id if f.condition else None for f in koganei.catalog.get("card-info-change").follow_ups}
    assert follow_ups["signature-certificate-issue"] == "address-or-name-change"


def test_follow_ups_name_known_procedures(koganei):
    for p in koganei.catalog.all():
        assert all(f.procedure in koganei.catalog.procedures for f in p.follow_ups)


def test_the_24_hour_line_and_the_kiosk_are_not_booked_at_the_counter(koganei):
    assert koganei.catalog.get("suspend-lost-card").service_hours == "always"
    assert koganei.catalog.get("signature-password-kiosk-reset").service_hours == "external"
    assert not any(koganei.catalog.get(p).bookable for p in ("suspend-lost-card", "signature-password-kiosk-reset"))
    assert koganei.catalog.get("card-pickup").bookable


def test_unknown_procedure(koganei):
    with pytest.raises(RulesInputError) as e:
        koganei.catalog.get("passport-renewal")
    assert e.value.code == "unknown_procedure"
    assert "passport-renewal" in e.value.message("en") and "passport-renewal" in e.value.message("ja")


@pytest.mark.parametrize(
    "pid, applicant, code",
    [
        ("card-info-change", "neighbour", "unknown_applicant"),
        ("express-issue", "voluntary-proxy", "applicant_not_allowed"),
        ("card-return", "neighbour", "unknown_applicant"),
    ],
)
def test_applicant_errors(koganei, pid, applicant, code):
    with pytest.raises(RulesInputError) as e:
        koganei.catalog.get(pid).requirements_for(applicant)
    assert e.value.code == code


# --- The city ---------------------------------------------------------------

def test_koganei_code_is_valid(koganei):
    assert koganei.city.local_government_code == "132101"
    assert is_valid_local_government_code("132101")


# 千代田区, 札幌市, 大阪市, 小金井市; 新宿区's sum is 33 = 3 × 11, so its check is the last digit of 11.
@pytest.mark.parametrize("code", ["131016", "011002", "271004", "132101", "131041"])
def test_check_digit_of_known_codes(code):
    assert local_government_code_check_digit(code[:5]) == int(code[5])
    assert is_valid_local_government_code(code)


@pytest.mark.parametrize("code", ["132102", "13210", "1321011", "13210a", ""])
def test_invalid_codes(code):
    assert not is_valid_local_government_code(code)


def test_contacts(koganei):
    phones = {c.phone for c in koganei.city.contacts}
    assert {"0120-95-0178", "042-387-9830"} <= phones
    suspension = {c.phone for c in koganei.city.contacts_for("suspension")}
    assert "0120-95-0178" in suspension and "042-387-9830" not in suspension
    inquiries = koganei.city.contacts_for("inquiries")[0]
    assert (inquiries.fax, inquiries.mail) == ("042-386-2519", "s030199@koganei-shi.jp")


def test_office_hours_and_the_assumption_behind_them(koganei):
    office = koganei.city.office()
    assert [[i.labels() for i in day] for day in office.weekly_hours] == [
        *[[("08:30", "17:00")]] * 5,
        [],
        [("09:00", "13:00")],
    ]
    # The Sunday hours are a documented assumption: listed for IT staff, not a note for residents.
    from madoguchi.rules.assumptions import load_assumptions

    assert "koganei/city.yaml offices[0].weekly_hours" in [a.where for a in load_assumptions(koganei.data_dir) if a.id == "sunday-hours"]
    assert not hasattr(office, "hours_note")


@pytest.mark.parametrize("case", cases("requirements.yaml", "requirements"))
def test_requirements_per_applicant(koganei, case):
    procedure = koganei.catalog.get(case["procedure"])
    if "refused" in case:
        with pytest.raises(RulesInputError) as e:
            procedure.requirements_for(case["applicant"])
        assert e.value.code == case["refused"]
        return
    brings = [r.id + (f":{r.condition.id}" if r.condition else "") + (f":!{r.unless.id}" if r.unless else "")
              for r in procedure.requirements_for(case["applicant"])]  # fmt: skip
    assert brings == case["brings"]


@pytest.mark.parametrize("case", cases("requirements.yaml", "needed"))
def test_what_is_needed_when_the_circumstances_hold(koganei, case):
    from madoguchi.rules.lifecycle.visit import required

    procedure = koganei.catalog.get(case["procedure"])
    assert [r.id for r in required(procedure, case["applicant"], tuple(case["conditions"]))] == case["needs"]


def test_a_proxy_at_pickup_is_told_it_is_only_for_an_unavoidable_reason(koganei):
    pickup = koganei.catalog.get("card-pickup")
    assert any("やむを得ない理由" in n.ja and "unavoidable reason" in n.en for n in pickup.notes)
    assert "https://www.city.yokohama.lg.jp/shimin/madoguchi/bango/nini.html" in pickup.sources
