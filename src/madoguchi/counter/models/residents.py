"""A resident as the resident register (住民基本台帳) has them, for the counter's needs."""

from __future__ import annotations

from django.db import models

from madoguchi.staff.fields import EncryptedTextField


class CodePoints(models.Func):
    """A text compared character by character by code point (its UTF-8 bytes),
    on both engines: PostgreSQL with COLLATE "C" whatever the database's own
    collation (a city's may be ja_JP or ICU, where a prefix is not one range
    and an index in it cannot serve both LIKE 'prefix%' and the order);
    SQLite compares text so already (BINARY), so there it is the column.
    (Not a subclass of Collate: an index takes a Collate for its column's
    collation, and PostgreSQL matches a query to the index by this expression.)"""

    template = '(%(expressions)s COLLATE "C")'
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])


class Resident(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "女 / Female"
        MALE = "male", "男 / Male"

    family_name = models.CharField(max_length=60)
    given_name = models.CharField(max_length=60)
    family_name_kana = models.CharField(max_length=120)
    given_name_kana = models.CharField(max_length=120)
    # family + given kana without a space: a search for the start of it finds
    # "コガネイ" and "コガネイハナ" alike, with one indexed condition.
    search_kana = models.CharField(max_length=240, editable=False, default="")
    birth_date = models.DateField(db_index=True)
    sex = models.CharField(max_length=6, choices=Sex.choices)
    address = models.CharField(max_length=200)
    household = models.CharField(max_length=20)  # 世帯番号 in the register
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
    my_number_index = models.CharField(max_length=64, blank=True)  # indexed in Meta (found by equality only)
    register_id = models.CharField(max_length=20, null=True, blank=True)  # the city system's 宛名番号 (import key), unique in Meta
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "id"]
        # Every index here serves a query (docs/performance.md, "The register's
        # indexes"); a key is looked up by equality only, so Meta's index and
        # constraint rather than db_index/unique=True, which on PostgreSQL add a
        # second (varchar_pattern_ops) index for LIKE that no query runs.
        indexes = [
            # The clerk's kana search (services/residents.py): a range on the code
            # points walked in the search's order, (kana, id), stopping at its limit.
            models.Index(CodePoints("search_kana"), models.F("id"), name="resident_search_kana"),
            models.Index(fields=["my_number_index"], name="resident_my_number_index"),
        ]
        constraints = [models.UniqueConstraint(fields=["register_id"], name="resident_register_id_unique")]

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
