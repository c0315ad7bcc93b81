"""How readouts name nations and organisations: the words, shipped with the package.

pycountry knows every state's name and ISO code but not how a journalist refers to it
("Dutch", "Britons", "Washington's"). One line per party, fields separated by "|":
code | name in the register | other names | adjectives | demonyms | capital (standing
for its government, as in "Helsinki insists"). Several words in a field are separated
by ";". Codes are ISO 3166 alpha-3 for states; organisations carry their short code.
A state not listed here is still found by its pycountry name.
"""

from __future__ import annotations

STATES = """\
ALB|Albania||Albanian|Albanians|Tirana
AND|Andorra||Andorran|Andorrans|
ARG|Argentina||Argentine;Argentinian|Argentines;Argentinians|Buenos Aires
ARM|Armenia||Armenian|Armenians|Yerevan
AUS|Australia||Australian|Australians|Canberra
AUT|Austria||Austrian|Austrians|Vienna
AZE|Azerbaijan||Azerbaijani;Azeri|Azerbaijanis;Azeris|Baku
BLR|Belarus||Belarusian|Belarusians|Minsk
BEL|Belgium||Belgian|Belgians|
BIH|Bosnia and Herzegovina|Bosnia|Bosnian|Bosnians|Sarajevo
BRA|Brazil||Brazilian|Brazilians|Brasília;Brasilia
BGR|Bulgaria||Bulgarian|Bulgarians|Sofia
CAN|Canada||Canadian|Canadians|Ottawa
CHN|China|People's Republic of China|Chinese||Beijing
HRV|Croatia||Croatian|Croatians;Croats|Zagreb
CYP|Cyprus||Cypriot|Cypriots|Nicosia
CZE|Czech Republic|Czechia|Czech|Czechs|Prague
DNK|Denmark||Danish|Danes|Copenhagen
EGY|Egypt||Egyptian|Egyptians|Cairo
EST|Estonia||Estonian|Estonians|Tallinn
FIN|Finland||Finnish|Finns|Helsinki
FRA|France||French|Frenchmen|Paris
GEO|Georgia||Georgian|Georgians|Tbilisi
DEU|Germany||German|Germans|Berlin
GRC|Greece||Greek|Greeks|Athens
HUN|Hungary||Hungarian|Hungarians|Budapest
ISL|Iceland||Icelandic|Icelanders|Reykjavik;Reykjavík
IND|India||Indian|Indians|New Delhi
IRN|Iran||Iranian|Iranians|Tehran
IRQ|Iraq||Iraqi|Iraqis|Baghdad
IRL|Ireland|Republic of Ireland|Irish||Dublin
ISR|Israel||Israeli|Israelis|
ITA|Italy||Italian|Italians|Rome
JPN|Japan||Japanese||Tokyo
KAZ|Kazakhstan||Kazakh|Kazakhs|Astana
XKX|Kosovo||Kosovar|Kosovars|Pristina
LVA|Latvia||Latvian|Latvians|Riga
LIE|Liechtenstein||||Vaduz
LTU|Lithuania||Lithuanian|Lithuanians|Vilnius
LUX|Luxembourg||Luxembourgish|Luxembourgers|
MLT|Malta||Maltese||Valletta
MEX|Mexico||Mexican|Mexicans|Mexico City
MDA|Moldova||Moldovan|Moldovans|Chisinau;Chișinău
MCO|Monaco||Monegasque|Monegasques|
MNE|Montenegro||Montenegrin|Montenegrins|Podgorica
NLD|Netherlands|Holland|Dutch|Dutchmen|The Hague
NZL|New Zealand||New Zealand|New Zealanders|Wellington
MKD|North Macedonia|Macedonia|Macedonian|Macedonians|Skopje
PRK|North Korea||North Korean|North Koreans|Pyongyang
NOR|Norway||Norwegian|Norwegians|Oslo
PAK|Pakistan||Pakistani|Pakistanis|Islamabad
POL|Poland||Polish|Poles|Warsaw
PRT|Portugal||Portuguese||Lisbon
QAT|Qatar||Qatari|Qataris|Doha
ROU|Romania||Romanian|Romanians|Bucharest
RUS|Russia|Russian Federation|Russian|Russians|Moscow;the Kremlin
SMR|San Marino||Sammarinese||
SAU|Saudi Arabia||Saudi|Saudis|Riyadh
SRB|Serbia||Serbian|Serbs;Serbians|Belgrade
SVK|Slovakia||Slovak;Slovakian|Slovaks|Bratislava
SVN|Slovenia||Slovenian;Slovene|Slovenians;Slovenes|Ljubljana
ZAF|South Africa||South African|South Africans|Pretoria
KOR|South Korea|Republic of Korea|South Korean|South Koreans|Seoul
ESP|Spain||Spanish|Spaniards|Madrid
SWE|Sweden||Swedish|Swedes|Stockholm
CHE|Switzerland||Swiss||Bern
SYR|Syria||Syrian|Syrians|Damascus
TUR|Turkey|Türkiye|Turkish|Turks|Ankara
UKR|Ukraine||Ukrainian|Ukrainians|Kyiv;Kiev
ARE|United Arab Emirates|UAE;the Emirates|Emirati|Emiratis|Abu Dhabi
GBR|United Kingdom|UK;U.K.;Britain;Great Britain|British;UK;U.K.|Britons|London;Downing Street;Whitehall
USA|United States|US;U.S.;USA;United States of America;America|American;US;U.S.|Americans|Washington;the White House
"""

ORGANISATIONS = """\
EU|European Union|EU;E.U.|EU;European Union|||
NATO|NATO|North Atlantic Treaty Organization;North Atlantic Treaty Organisation|NATO|||
UN|United Nations|UN;U.N.|UN;U.N.|||
OSCE|OSCE|Organization for Security and Co-operation in Europe|OSCE|||
AU|African Union||||
"""
