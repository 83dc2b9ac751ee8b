"""A resident as the resident register (住民基本台帳) has them, for the counter's needs."""

from __future__ import annotations

from django.db import models

from madoguchi.staff.fields import EncryptedTextField


class Resident(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "女 / Female"
        MALE = "male", "男 / Male"

    family_name = models.CharField(max_length=60)
    given_name = models.CharField(max_length=60)
    family_name_kana = models.CharField(max_length=120, db_index=True)
    given_name_kana = models.CharField(max_length=120)
    # family + given kana without a space: a search for the start of it finds
    # "コガネイ" and "コガネイハナ" alike, with one indexed condition.
    search_kana = models.CharField(max_length=240, editable=False, default="")
    birth_date = models.DateField(db_index=True)
    sex = models.CharField(max_length=6, choices=Sex.choices)
    address = models.CharField(max_length=200)
    household = models.CharField(max_length=20, db_index=True)  # 世帯番号 in the register
    nationality = models.CharField(max_length=2, blank=True)  # ISO 3166 alpha-2; blank: Japanese
    # 成年被後見人 (the register's record): no 署名用 certificate is issued (FACTS.md §8) [yonago].
    adult_ward = models.BooleanField(default=False)
    status_of_residence = models.CharField(max_length=60, blank=True)  # 在留資格
    period_of_stay_end = models.DateField(null=True, blank=True)  # None: no period of stay
    # The language the city's letters and mail to this resident are written in
    # (ja, en or easy), as the resident asked at the counter; not in the register.
    language = models.CharField(max_length=5, default="ja")
    # The My Number, encrypted at rest (AES-GCM, staff.crypto); found by its
    # keyed blind index, never by the value. Never logged, never in a URL.
    my_number = EncryptedTextField(purpose="counter.my_number", blank=True)
    my_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    register_id = models.CharField(max_length=20, unique=True, null=True, blank=True)  # the city system's 宛名番号 (import key)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "id"]
        indexes = [
            models.Index(fields=["family_name_kana", "given_name_kana"], name="resident_kana"),
            # text_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' whatever the collation.
            models.Index(fields=["search_kana"], name="resident_search_kana", opclasses=["text_pattern_ops"]),
        ]

    def save(self, *args, **kwargs):
        self.search_kana = self.family_name_kana + self.given_name_kana
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}"

    @property
    def is_foreign(self) -> bool:
        return bool(self.nationality) and self.nationality != "JP"

    def __str__(self) -> str:  # never the My Number
        return f"{self.name} ({self.pk})"
