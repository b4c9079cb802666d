#!/usr/bin/env python3
"""Synthetic packs for the benchmarks (bench/run): deterministic (seeded), written twice:

  bench/out/packs/N/   a summit pack (pack.yaml + data files in the seeds format, docs/SEEDS.md)
  bench/out/csv/N/     the same rows as CSV for sqlite3: entities.csv, funding.csv
  bench/out/scripts/N/ lookups.summit (show ID / find TEXT) and lookups.sql (primary-key SELECTs)

Usage: python3 bench/gen.py N [N...]     (e.g. 10000 100000 1000000)

Mix (of N): 1% sources, 0.1% summits (at least 3), 100 countries, 8% organisations,
20% people, 30% events, the rest funding pledges (about 40%). Every entity cites a source;
relations point at summits, countries, organisations and people of the same pack. Funding
amounts are EUR, distinct, and spread up to about 5 trillion, so that the pack's pledges (not the built-in seeds', which summit also holds) make the top 10.
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
PER_FILE = 10_000

WORDS = ("frontier safety compute open model governance inclusive public interest talent "
         "research sovereign energy sustainable health climate education trust standards "
         "evaluation audit network fund partnership digital cloud chips data commons").split()
CITIES = ["London", "Paris", "Seoul", "New Delhi", "Nairobi", "Berlin", "Tokyo", "Ottawa",
          "Canberra", "Brasilia", "Lagos", "Singapore", "Geneva", "Madrid", "Rome"]


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def csv_field(s):
    s = str(s)
    if any(c in s for c in ',"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def generate(n):
    rng = random.Random(20231101 + n)
    pack = f"bench-{n}"
    pdir = os.path.join(OUT, "packs", str(n))
    cdir = os.path.join(OUT, "csv", str(n))
    sdir = os.path.join(OUT, "scripts", str(n))
    for d in (pdir, cdir, sdir):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))

    n_src = max(10, n // 100)
    n_summit = max(3, n // 1000)
    n_country = 100
    n_org = n * 8 // 100
    n_person = n * 20 // 100
    n_event = n * 30 // 100
    n_fund = n - n_src - n_summit - n_country - n_org - n_person - n_event
    assert n_fund > 0, "N too small"

    with open(os.path.join(pdir, "pack.yaml"), "w") as f:
        f.write(f"name: {pack}\nversion: 1.0.0\ndescription: synthetic benchmark pack, {n} entities\n"
                f"summits: [bench-summit-1]\n")

    src = [f"bench-src-{i}" for i in range(1, n_src + 1)]
    summit = [f"bench-summit-{i}" for i in range(1, n_summit + 1)]
    country = [f"bench-country-{i}" for i in range(1, n_country + 1)]
    org = [f"bench-org-{i}" for i in range(1, n_org + 1)]
    person = [f"bench-person-{i}" for i in range(1, n_person + 1)]
    event = [f"bench-event-{i}" for i in range(1, n_event + 1)]
    fund = [f"bench-fund-{i}" for i in range(1, n_fund + 1)]

    rows = []  # (id, kind, name, yaml line, the text `find` searches besides ids and numbers)
    for i, e in enumerate(src, 1):
        title = f"Report {i}: {words(rng, 3)}"
        rows.append((e, "source", title,
                     f"  - {{id: {e}, kind: source, name: \"{title}\", fields: {{title: \"{title}\", "
                     f"publisher: Bench Press, date: 20{23 + i % 3}-0{1 + i % 9}-1{i % 10}}}}}",
                     f"{title} {title} Bench Press"))
    for i, e in enumerate(summit, 1):
        y = 2023 + i % 10
        name = f"Bench AI Summit {i}"
        rel = f"host: {rng.choice(country)}"
        if i > 1:
            rel += f", previous: {summit[i - 2]}"
        city = rng.choice(CITIES)
        rows.append((e, "summit", name,
                     f"  - {{id: {e}, kind: summit, name: \"{name}\", sources: [{rng.choice(src)}], "
                     f"fields: {{dates: {y}-02-10..{y}-02-11, city: {city}, "
                     f"participants: {{number: {rng.randint(100, 5000)}, qualifier: more-than}}}}, relations: {{{rel}}}}}",
                     f"{name} {city}"))
    for i, e in enumerate(country, 1):
        name = f"Benchland {i}"
        rows.append((e, "country", name, f"  - {{id: {e}, kind: country, name: \"{name}\", sources: [{rng.choice(src)}]}}", name))
    for i, e in enumerate(org, 1):
        name = f"{words(rng, 2).title()} Institute {i}"
        rows.append((e, "organisation", name,
                     f"  - {{id: {e}, kind: organisation, name: \"{name}\", sources: [{rng.choice(src)}], "
                     f"relations: {{country: {rng.choice(country)}}}}}", name))
    for i, e in enumerate(person, 1):
        name = f"Person {i} {rng.choice(['Smith', 'Martin', 'Kim', 'Singh', 'Okafor', 'Rossi', 'Tanaka'])}"
        role = rng.choice(['minister', 'researcher', 'ceo', 'envoy', 'adviser'])
        rows.append((e, "person", name,
                     f"  - {{id: {e}, kind: person, name: \"{name}\", sources: [{rng.choice(src)}], "
                     f"fields: {{role: {role}}}, "
                     f"relations: {{organisation: {rng.choice(org)}, country: {rng.choice(country)}}}}}",
                     f"{name} {role}"))
    for i, e in enumerate(event, 1):
        y = 2023 + i % 10
        name = f"Session {i}: {words(rng, 3)}"
        description = words(rng, 8)
        rows.append((e, "event", name,
                     f"  - {{id: {e}, kind: event, name: \"{name}\", sources: [{rng.choice(src)}], "
                     f"fields: {{dates: {y}-0{1 + i % 9}-1{i % 10}, description: \"{description}\"}}, "
                     f"relations: {{summit: {rng.choice(summit)}, organiser: {rng.choice(org)}, "
                     f"speakers: [{rng.choice(person)}, {rng.choice(person)}]}}}}",
                     f"{name} {description}"))
    # Distinct amounts: a log-uniform-ish draw, made unique by adding the index.
    funding_rows = []
    for i, e in enumerate(fund, 1):
        amount = int(10 ** rng.uniform(5, 12.7)) // 1000 * 1000 + i
        funder = rng.choice(org)
        s = rng.choice(summit)
        name = f"Pledge {i}: {words(rng, 2)}"
        date = f"{2023 + i % 10}-0{1 + i % 9}-1{i % 10}"
        funding_rows.append((e, name, amount, funder, s, date))
        rows.append((e, "funding", name,
                     f"  - {{id: {e}, kind: funding, name: \"{name}\", sources: [{rng.choice(src)}], "
                     f"fields: {{amount: {{amount: {amount}, currency: EUR}}, date: {date}}}, "
                     f"relations: {{summit: {s}, funder: {funder}}}}}", name))

    # Sources first (file names sort: data-0000 holds them), then the rest in PER_FILE chunks.
    for k in range(0, len(rows), PER_FILE):
        with open(os.path.join(pdir, f"data-{k // PER_FILE:04d}.yaml"), "w") as f:
            f.write(f"pack: {pack}\nentities:\n")
            f.write("\n".join(r[3] for r in rows[k:k + PER_FILE]))
            f.write("\n")

    with open(os.path.join(cdir, "entities.csv"), "w") as f:
        f.write("id,kind,name,text\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{csv_field(r[2])},{csv_field(r[4])}\n")
    with open(os.path.join(cdir, "funding.csv"), "w") as f:
        f.write("id,name,amount,currency,funder,summit,date\n")
        for (e, name, amount, funder, s, date) in funding_rows:
            f.write(f"{e},{csv_field(name)},{amount},EUR,{funder},{s},{date}\n")

    # The lookup script: 100k lines, 99% `show ID` (ids of every kind), 1% `find TEXT`.
    lrng = random.Random(7 + n)
    ids = [r[0] for r in rows]
    with open(os.path.join(sdir, "lookups.summit"), "w") as fs, open(os.path.join(sdir, "lookups.sql"), "w") as fq:
        for i in range(100_000):
            if i % 100 == 99:
                w = lrng.choice(WORDS)
                fs.write(f"find {w}\n")
                # What `find` prints: every entity whose text has the word, with id, kind and name.
                fq.write(f"SELECT id, kind, name FROM entities WHERE text LIKE '%{w}%';\n")
            else:
                e = lrng.choice(ids)
                fs.write(f"show {e}\n")
                fq.write(f"SELECT * FROM entities WHERE id = '{e}';\n")
    print(f"{n}: {len(rows)} entities ({n_fund} funding) -> {pdir}")


if __name__ == "__main__":
    for a in sys.argv[1:] or ["10000"]:
        generate(int(a))
