"""The gazetteer tables and lookups."""

from __future__ import annotations

import pytest

from thaw_cli.analysis.gazetteer import (
    BODIES,
    COUNTRIES,
    ORG_SUFFIXES,
    canonical_body,
    canonical_country,
    is_org_suffix,
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Japan", "Japan"), ("japanese", "Japan"), ("Tokyo", "Japan"), ("the Japanese", "Japan"),
        ("U.S.", "United States"), ("American", "United States"),
        ("Washington", "United States"), ("USA", "United States"),
        ("Chinese", "China"), ("Beijing", "China"), ("Britain", "United Kingdom"),
        ("British", "United Kingdom"), ("the Netherlands", "Netherlands"), ("Dutch", "Netherlands"),
        ("Egyptian government", "Egypt"), ("Abu Dhabi", "United Arab Emirates"),
        ("West German", "Germany"), ("Soviet", "Russia"), ("Koreans", "South Korea"),
    ],
)
def test_canonical_country(name: str, country: str) -> None:
    assert canonical_country(name) == country


@pytest.mark.parametrize("name", ["Acme Corp", "Group of Five", "", "OPEC", "analysts"])
def test_not_countries(name: str) -> None:
    assert canonical_country(name) is None


def test_tables_are_broad_and_clean() -> None:
    assert len(COUNTRIES) >= 190
    names = [c.name for c in COUNTRIES]
    assert len(names) == len(set(names))
    assert all(c.demonyms for c in COUNTRIES)
    assert {"OPEC", "G7", "GATT", "IMF", "ASEAN"} <= {a for b in BODIES for a in b.aliases}


@pytest.mark.parametrize(
    ("name", "body"),
    [("EC", "European Union"), ("opec", "Organization of the Petroleum Exporting Countries"),
     ("G-5", "Group of Five"), ("Group of Five", "Group of Five"),
     ("IMF", "International Monetary Fund"), ("World Bank", "World Bank"), ("UN", "United Nations")],
)
def test_canonical_body(name: str, body: str) -> None:
    assert canonical_body(name) == body


def test_org_suffixes() -> None:
    for w in ("Corp", "corp.", "Inc", "Ltd", "AG", "GmbH", "Association", "Council", "Ministry"):
        assert is_org_suffix(w), w
    assert not is_org_suffix("Japan")
    assert "Plc" in ORG_SUFFIXES
