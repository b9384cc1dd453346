"""Reusable name tables: countries, blocs and international bodies, organisation suffixes.

Pure data plus a few lookups, no third-party dependencies:

- `COUNTRIES`: one `Country` per sovereign state (and a few territories), with common
  alternative names, demonyms and the capital;
- `BODIES`: blocs, groupings and international organisations (EU, OPEC, G7, GATT, ...);
- `ORG_SUFFIXES`: words that end (or head) an organisation name (Corp, Inc, Council, ...);
- `PERSON_TITLES`: titles and roles that precede a person's name ("Prime Minister").

`canonical_country("Japanese") == canonical_country("Tokyo") == "Japan"`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = [
    "BODIES",
    "COUNTRIES",
    "ORG_SUFFIXES",
    "PERSON_TITLES",
    "Body",
    "Country",
    "canonical_body",
    "canonical_country",
    "country_names",
    "is_org_suffix",
]


@dataclass(frozen=True)
class Country:
    name: str
    alt_names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None

    def aliases(self) -> tuple[str, ...]:
        """Every name that designates this country (name, alternatives, demonyms, capital)."""
        out = (self.name, *self.alt_names, *self.demonyms)
        return (*out, self.capital) if self.capital else out


@dataclass(frozen=True)
class Body:
    name: str
    aliases: tuple[str, ...]
    kind: str  # bloc | organisation | agreement-body


# name | alternative names | demonyms | capital   (";" separates several values)
_COUNTRY_TABLE = """
Afghanistan||Afghan;Afghani|Kabul
Albania||Albanian|Tirana
Algeria||Algerian|Algiers
Andorra||Andorran|Andorra la Vella
Angola||Angolan|Luanda
Antigua and Barbuda|Antigua|Antiguan|St. John's
Argentina|Argentine Republic|Argentine;Argentinian;Argentinean|Buenos Aires
Armenia||Armenian|Yerevan
Australia||Australian|Canberra
Austria||Austrian|Vienna
Azerbaijan||Azerbaijani;Azeri|Baku
Bahamas|The Bahamas|Bahamian|Nassau
Bahrain||Bahraini|Manama
Bangladesh||Bangladeshi|Dhaka
Barbados||Barbadian;Bajan|Bridgetown
Belarus|Byelorussia|Belarusian;Byelorussian|Minsk
Belgium||Belgian|Brussels
Belize||Belizean|Belmopan
Benin||Beninese|Porto-Novo
Bhutan||Bhutanese|Thimphu
Bolivia||Bolivian|La Paz
Bosnia and Herzegovina|Bosnia|Bosnian|Sarajevo
Botswana||Motswana;Batswana|Gaborone
Brazil||Brazilian|Brasilia;Brasília
Brunei|Brunei Darussalam|Bruneian|Bandar Seri Begawan
Bulgaria||Bulgarian|Sofia
Burkina Faso|Upper Volta|Burkinabe|Ouagadougou
Burundi||Burundian|Gitega
Cambodia|Kampuchea|Cambodian;Khmer|Phnom Penh
Cameroon||Cameroonian|Yaounde;Yaoundé
Canada||Canadian|Ottawa
Cape Verde|Cabo Verde|Cape Verdean|Praia
Central African Republic||Central African|Bangui
Chad||Chadian|N'Djamena
Chile||Chilean|Santiago
China|People's Republic of China;PRC;Mainland China|Chinese;Sino|Beijing;Peking
Colombia||Colombian|Bogota;Bogotá
Comoros||Comoran;Comorian|Moroni
Congo|Republic of the Congo;Congo-Brazzaville|Congolese|Brazzaville
Democratic Republic of the Congo|DR Congo;DRC;Congo-Kinshasa;Zaire|Zairean;Zairian|Kinshasa
Costa Rica||Costa Rican|San Jose;San José
Ivory Coast|Cote d'Ivoire;Côte d'Ivoire|Ivorian|Yamoussoukro;Abidjan
Croatia||Croatian;Croat|Zagreb
Cuba||Cuban|Havana
Cyprus||Cypriot|Nicosia
Czech Republic|Czechia;Czechoslovakia|Czech;Czechoslovak|Prague
Denmark||Danish;Dane|Copenhagen
Djibouti||Djiboutian|Djibouti City
Dominica||Dominican|Roseau
Dominican Republic||Dominican|Santo Domingo
East Timor|Timor-Leste|Timorese|Dili
Ecuador||Ecuadorian;Ecuadorean|Quito
Egypt||Egyptian|Cairo
El Salvador||Salvadoran;Salvadorean|San Salvador
Equatorial Guinea||Equatoguinean;Equatorial Guinean|Malabo
Eritrea||Eritrean|Asmara
Estonia||Estonian|Tallinn
Eswatini|Swaziland|Swazi;Liswati|Mbabane
Ethiopia||Ethiopian|Addis Ababa
Fiji||Fijian|Suva
Finland||Finnish;Finn|Helsinki
France|French Republic|French;Frenchman|Paris
Gabon||Gabonese|Libreville
Gambia|The Gambia|Gambian|Banjul
Georgia||Georgian|Tbilisi
Germany|Federal Republic of Germany;West Germany;East Germany;FRG;GDR|German;West German;East German|Berlin;Bonn
Ghana||Ghanaian|Accra
Greece|Hellenic Republic|Greek;Hellenic|Athens
Grenada||Grenadian|St. George's
Guatemala||Guatemalan|Guatemala City
Guinea||Guinean|Conakry
Guinea-Bissau||Bissau-Guinean|Bissau
Guyana||Guyanese|Georgetown
Haiti||Haitian|Port-au-Prince
Honduras||Honduran|Tegucigalpa
Hong Kong||Hong Konger;Hongkonger|
Hungary||Hungarian;Magyar|Budapest
Iceland||Icelandic;Icelander|Reykjavik
India|Bharat|Indian|New Delhi
Indonesia||Indonesian|Jakarta
Iran|Islamic Republic of Iran;Persia|Iranian;Persian|Tehran
Iraq||Iraqi|Baghdad
Ireland|Irish Republic;Eire|Irish|Dublin
Israel||Israeli|Jerusalem;Tel Aviv
Italy|Italian Republic|Italian|Rome
Jamaica||Jamaican|Kingston
Japan|Nippon|Japanese|Tokyo
Jordan||Jordanian|Amman
Kazakhstan||Kazakh;Kazakhstani|Astana;Almaty
Kenya||Kenyan|Nairobi
Kiribati||I-Kiribati|Tarawa
North Korea|Democratic People's Republic of Korea;DPRK|North Korean|Pyongyang
South Korea|Republic of Korea;Korea;ROK|South Korean;Korean|Seoul
Kosovo||Kosovar;Kosovan|Pristina
Kuwait||Kuwaiti|Kuwait City
Kyrgyzstan|Kirghizia|Kyrgyz;Kyrgyzstani|Bishkek
Laos|Lao PDR|Laotian;Lao|Vientiane
Latvia||Latvian|Riga
Lebanon||Lebanese|Beirut
Lesotho||Basotho;Mosotho|Maseru
Liberia||Liberian|Monrovia
Libya||Libyan|Tripoli
Liechtenstein||Liechtensteiner|Vaduz
Lithuania||Lithuanian|Vilnius
Luxembourg||Luxembourgish;Luxembourger|Luxembourg City
Madagascar||Malagasy|Antananarivo
Malawi||Malawian|Lilongwe
Malaysia||Malaysian|Kuala Lumpur
Maldives||Maldivian|Male
Mali||Malian|Bamako
Malta||Maltese|Valletta
Marshall Islands||Marshallese|Majuro
Mauritania||Mauritanian|Nouakchott
Mauritius||Mauritian|Port Louis
Mexico||Mexican|Mexico City
Micronesia||Micronesian|Palikir
Moldova||Moldovan|Chisinau
Monaco||Monegasque;Monacan|
Mongolia||Mongolian|Ulan Bator;Ulaanbaatar
Montenegro||Montenegrin|Podgorica
Morocco||Moroccan|Rabat
Mozambique||Mozambican|Maputo
Myanmar|Burma|Burmese;Myanmarese|Naypyidaw;Rangoon;Yangon
Namibia||Namibian|Windhoek
Nauru||Nauruan|Yaren
Nepal||Nepalese;Nepali|Kathmandu
Netherlands|Holland;The Netherlands|Dutch|Amsterdam;The Hague
New Zealand||New Zealander;Kiwi|Wellington
Nicaragua||Nicaraguan|Managua
Niger||Nigerien|Niamey
Nigeria||Nigerian|Abuja;Lagos
North Macedonia|Macedonia|Macedonian|Skopje
Norway||Norwegian|Oslo
Oman||Omani|Muscat
Pakistan||Pakistani|Islamabad
Palau||Palauan|Ngerulmud
Palestine|Palestinian Territories|Palestinian|Ramallah
Panama||Panamanian|Panama City
Papua New Guinea||Papua New Guinean|Port Moresby
Paraguay||Paraguayan|Asuncion;Asunción
Peru||Peruvian|Lima
Philippines|The Philippines|Philippine;Filipino|Manila
Poland||Polish;Pole|Warsaw
Portugal||Portuguese|Lisbon
Qatar||Qatari|Doha
Romania|Rumania|Romanian;Rumanian|Bucharest
Russia|Russian Federation;Soviet Union;USSR;U.S.S.R.|Russian;Soviet|Moscow
Rwanda||Rwandan|Kigali
Saint Kitts and Nevis|St Kitts and Nevis|Kittitian|Basseterre
Saint Lucia|St Lucia|Saint Lucian|Castries
Saint Vincent and the Grenadines|St Vincent|Vincentian|Kingstown
Samoa||Samoan|Apia
San Marino||Sammarinese|
Sao Tome and Principe|São Tomé and Príncipe|Santomean|Sao Tome
Saudi Arabia|Saudi;Kingdom of Saudi Arabia|Saudi Arabian|Riyadh
Senegal||Senegalese|Dakar
Serbia|Yugoslavia|Serbian;Serb;Yugoslav|Belgrade
Seychelles||Seychellois|Victoria
Sierra Leone||Sierra Leonean|Freetown
Singapore||Singaporean|
Slovakia||Slovak;Slovakian|Bratislava
Slovenia||Slovenian;Slovene|Ljubljana
Solomon Islands||Solomon Islander|Honiara
Somalia||Somali|Mogadishu
South Africa|Republic of South Africa|South African|Pretoria;Cape Town
South Sudan||South Sudanese|Juba
Spain|Kingdom of Spain|Spanish;Spaniard|Madrid
Sri Lanka|Ceylon|Sri Lankan;Ceylonese|Colombo
Sudan||Sudanese|Khartoum
Suriname|Surinam|Surinamese|Paramaribo
Sweden||Swedish;Swede|Stockholm
Switzerland|Swiss Confederation|Swiss|Bern;Berne
Syria||Syrian|Damascus
Taiwan|Republic of China;Formosa|Taiwanese|Taipei
Tajikistan||Tajik;Tajikistani|Dushanbe
Tanzania||Tanzanian|Dodoma;Dar es Salaam
Thailand|Siam|Thai|Bangkok
Togo||Togolese|Lome;Lomé
Tonga||Tongan|Nuku'alofa
Trinidad and Tobago|Trinidad|Trinidadian;Tobagonian|Port of Spain
Tunisia||Tunisian|Tunis
Turkey|Turkiye;Türkiye|Turkish;Turk|Ankara
Turkmenistan||Turkmen|Ashgabat
Tuvalu||Tuvaluan|Funafuti
Uganda||Ugandan|Kampala
Ukraine||Ukrainian|Kiev;Kyiv
United Arab Emirates|UAE;U.A.E.;Emirates|Emirati|Abu Dhabi
United Kingdom|UK;U.K.;Britain;Great Britain;England;Scotland;Wales|British;Briton;English;Scottish;Welsh|London
United States|USA;U.S.A.;US;U.S.;United States of America;America;the States|American;U.S.|Washington
Uruguay||Uruguayan|Montevideo
Uzbekistan||Uzbek;Uzbekistani|Tashkent
Vanuatu||Ni-Vanuatu|Port Vila
Vatican City|Holy See;Vatican|Vatican|
Venezuela||Venezuelan|Caracas
Vietnam|Viet Nam|Vietnamese|Hanoi
Yemen||Yemeni;Yemenite|Sanaa;Sana'a
Zambia||Zambian|Lusaka
Zimbabwe|Rhodesia|Zimbabwean|Harare
Macau|Macao|Macanese|
Puerto Rico||Puerto Rican|San Juan
Greenland||Greenlandic;Greenlander|Nuuk
"""


def _parse_countries() -> tuple[Country, ...]:
    out = []
    for line in _COUNTRY_TABLE.strip().splitlines():
        name, alts, dems, caps = (part.strip() for part in line.split("|"))
        capitals = [c for c in caps.split(";") if c]
        out.append(
            Country(
                name=name,
                alt_names=tuple(a for a in alts.split(";") if a) + tuple(capitals[1:]),
                demonyms=tuple(d for d in dems.split(";") if d),
                capital=capitals[0] if capitals else None,
            )
        )
    return tuple(out)


COUNTRIES: tuple[Country, ...] = _parse_countries()

# name | aliases | kind
_BODY_TABLE = """
European Union|EU;E.U.;European Community;European Communities;EC;E.C.;EEC;Common Market;European Economic Community|bloc
Organization of the Petroleum Exporting Countries|OPEC|organisation
Group of Seven|G7;G-7;Group of 7|bloc
Group of Five|G5;G-5;Group of 5|bloc
Group of Ten|G10;G-10;Group of 10|bloc
Group of Twenty|G20;G-20;Group of 20|bloc
Group of 77|G77;G-77|bloc
General Agreement on Tariffs and Trade|GATT|agreement-body
World Trade Organization|WTO;World Trade Organisation|organisation
International Monetary Fund|IMF|organisation
World Bank|IBRD;International Bank for Reconstruction and Development|organisation
United Nations|UN;U.N.;UNO|organisation
Association of Southeast Asian Nations|ASEAN;Association of South East Asian Nations|bloc
North Atlantic Treaty Organization|NATO;North Atlantic Treaty Organisation|organisation
Organisation for Economic Co-operation and Development|OECD;Organization for Economic Cooperation and Development|organisation
African Union|AU;Organization of African Unity;OAU|bloc
Arab League|League of Arab States|bloc
Gulf Cooperation Council|GCC;Gulf Co-operation Council|bloc
Asia-Pacific Economic Cooperation|APEC|bloc
Mercosur|Mercosul;Southern Common Market|bloc
North American Free Trade Agreement|NAFTA;USMCA|agreement-body
European Free Trade Association|EFTA|bloc
Council for Mutual Economic Assistance|Comecon;CMEA|bloc
Asian Development Bank|ADB|organisation
Inter-American Development Bank|IDB;IADB|organisation
African Development Bank|AfDB|organisation
European Bank for Reconstruction and Development|EBRD|organisation
European Investment Bank|EIB|organisation
European Central Bank|ECB|organisation
Bank for International Settlements|BIS|organisation
Paris Club||organisation
London Club||organisation
International Energy Agency|IEA|organisation
International Atomic Energy Agency|IAEA|organisation
World Health Organization|WHO|organisation
Food and Agriculture Organization|FAO|organisation
International Labour Organization|ILO;International Labor Organization|organisation
International Coffee Organization|ICO|organisation
International Cocoa Organization|ICCO|organisation
International Tin Council|ITC|organisation
International Sugar Organization|ISO|organisation
International Natural Rubber Organization|INRO|organisation
Shanghai Cooperation Organisation|SCO|organisation
BRICS||bloc
Commonwealth|Commonwealth of Nations|bloc
"""


def _parse_bodies() -> tuple[Body, ...]:
    out = []
    for line in _BODY_TABLE.strip().splitlines():
        name, aliases, kind = (part.strip() for part in line.split("|"))
        out.append(Body(name, tuple(a for a in aliases.split(";") if a), kind))
    return tuple(out)


BODIES: tuple[Body, ...] = _parse_bodies()

# Words that end an organisation name ("Tokheim Corp", "China Electricity Council") or
# head one ("Ministry of Finance", "Bank of Japan").
ORG_SUFFIXES: frozenset[str] = frozenset(
    """Corp Corporation Inc Incorporated Co Company Cos Companies Ltd Limited Plc PLC LLC
    LLP LP L.P. AG GmbH SA S.A. SpA NV N.V. BV B.V. AB ASA A/S Oy KK KGaA SE Pty Bhd Berhad
    Group Holdings Holding Partners Associates Industries Enterprises Bancorp Bancshares
    Association Associations Council Ministry Ministries Department Bank Banks Agency Authority
    Commission Committee Federation Union Board Institute Organization Organisation Fund
    Trust Foundation Society Consortium Alliance Exchange Office Bureau Service Services
    Airlines Airways Motors Motor Electric Petroleum Oil Energy Mining Resources Technologies
    Technology Systems Communications Telecom Networks Laboratories Labs Pharmaceuticals
    Chemicals Steel Securities Capital Investments Financial Insurance Government Parliament
    Congress Senate Court Cabinet University Party""".split()
)

# Titles and roles that precede a person's name (longest first when matching).
PERSON_TITLES: tuple[str, ...] = tuple(
    sorted(
        """Prime Minister|Deputy Prime Minister|President|Vice President|Premier|Chancellor
        |Finance Minister|Foreign Minister|Trade Minister|Defence Minister|Defense Minister
        |Economy Minister|Energy Minister|Oil Minister|Agriculture Minister|Industry Minister
        |Minister|Secretary of State|Treasury Secretary|Commerce Secretary|Secretary
        |Chairman|Chairwoman|Chair|Chief Executive|Chief Executive Officer|CEO|Managing Director
        |Governor|Ambassador|King|Queen|Crown Prince|Prince|Emperor|Sheikh|Pope
        |Farm Commissioner|Commissioner|Senator|Sen.|Rep.|Mayor|General|Gen.|Dr.|Mr.|Mrs.|Ms.
        |Founder|Director|Director General|Spokesman|Spokeswoman|Leader|Chief""".replace(
            "\n", ""
        ).split("|"),
        key=len,
        reverse=True,
    )
)
PERSON_TITLES = tuple(t.strip() for t in PERSON_TITLES if t.strip())


def _norm(name: str) -> str:
    n = " ".join(name.replace("\u2019", "'").split()).lower()
    if n.startswith("the "):
        n = n[4:]
    return n


_COUNTRY_INDEX: dict[str, str] = {}
for _c in COUNTRIES:
    for _alias in _c.aliases():
        _COUNTRY_INDEX.setdefault(_norm(_alias), _c.name)
# plural demonyms and a few common forms
for _c in COUNTRIES:
    for _dem in _c.demonyms:
        if not _dem.endswith(("s", "ese", "sh", "ch", "ss")):
            _COUNTRY_INDEX.setdefault(_norm(_dem) + "s", _c.name)
for _extra, _target in {
    "us": "United States",
    "u.s": "United States",
    "u.k": "United Kingdom",
    "american government": "United States",
    "washington d.c.": "United States",
    "red china": "China",
    "soviets": "Russia",
    "brits": "United Kingdom",
}.items():
    _COUNTRY_INDEX.setdefault(_extra, _target)

_BODY_INDEX: dict[str, str] = {}
for _b in BODIES:
    _BODY_INDEX.setdefault(_norm(_b.name), _b.name)
    for _alias in _b.aliases:
        _BODY_INDEX.setdefault(_norm(_alias), _b.name)


# Names and words recur across articles, and entities and agreements look up the same
# ones: the look-ups below are remembered (pure functions), in caches both share.
_CACHE_MAX = 50_000


@functools.lru_cache(maxsize=_CACHE_MAX)
def canonical_country(name: str) -> str | None:
    """The canonical country for a name, alternative name, demonym or capital.

    Case-insensitive; a leading "the" and a trailing "government(s)" are ignored.
    Returns None when the name is not a country.
    """
    if not name:
        return None
    n = _norm(name)
    hit = _COUNTRY_INDEX.get(n)
    if hit:
        return hit
    for tail in (" government", " governments", " authorities", " officials"):
        if n.endswith(tail):
            return _COUNTRY_INDEX.get(n[: -len(tail)].strip())
    return None


@functools.lru_cache(maxsize=_CACHE_MAX)
def canonical_body(name: str) -> str | None:
    """The canonical bloc or international body for a name or acronym ("IMF", "EC")."""
    return _BODY_INDEX.get(_norm(name)) if name else None


def country_names() -> dict[str, str]:
    """Every known country alias (lower case, without 'the') mapped to its canonical name."""
    return dict(_COUNTRY_INDEX)


_SUFFIX_LOWER = frozenset(s.lower().rstrip(".") for s in ORG_SUFFIXES)


@functools.lru_cache(maxsize=_CACHE_MAX)
def is_org_suffix(word: str) -> bool:
    """True when `word` is an organisation suffix or head word ("Corp.", "council")."""
    return word.lower().rstrip(".,") in _SUFFIX_LOWER
