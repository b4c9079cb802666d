#!/usr/bin/env python3
"""summit external plugin `cite` (protocol 1, docs/PLUGINS.md).

  cite ID [--style apa|chicago]   a citation for every source behind an entity, with the facts it backs
  source-domains                  every source's web domain, with how many sources and citations each has

summit sends one JSON object per line on stdin and reads one per line on stdout: first a
hello, answered with the handshake below; then one call per command run, answered with
records. Nothing else may be written to stdout; stderr is shown when the plugin fails.
"""
import json
import sys
from urllib.parse import urlparse

PROTOCOL = 1
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

HANDSHAKE = {
    "protocol": PROTOCOL,
    "name": "cite",
    "version": "1.0.0",
    "commands": [
        {
            "name": "cite",
            "summary": "Cite the sources behind an entity (APA or Chicago), with the facts each backs",
            "help": "One row per source an entity cites, for the entity itself or for one of its\n"
                    "fields, with a citation in APA (the default) or Chicago style. The fields a\n"
                    "source backs are listed, so a contested figure shows where each claim is from.\n\n"
                    "Examples:\n  cite paris-2025\n  cite new-delhi-declaration --style chicago\n"
                    "  cite investai --format json",
            "arguments": [{"name": "id", "help": "an entity id (Tab completes) or its name", "entity": True}],
            "options": [{"name": "style", "value": "STYLE", "help": "apa (default) or chicago",
                         "values": ["apa", "chicago"]}],
        },
        {
            "name": "source-domains",
            "summary": "Web domains of every source, with how many sources and citations each has",
            "help": "Groups the sources by the web domain of their URL, or of their publisher when\n"
                    "it is written as a domain (livemint.com), to see how varied the evidence is.\n"
                    "The column `from` says which.\n\nExamples:\n  source-domains\n"
                    "  source-domains --format json",
            "kinds": ["source"],
        },
    ],
}


class PluginError(Exception):
    pass


def field(record, name):
    """A field's value in an export record: the value, or the first claim's value."""
    value = record.get("fields", {}).get(name)
    if isinstance(value, dict) and "claims" in value:
        claims = value["claims"]
        value = claims[0]["value"] if claims else None
    return value


def date_text(date, style):
    if not isinstance(date, str) or not date:
        return "n.d."
    parts = date.split("-")
    year = parts[0]
    month = MONTHS[int(parts[1]) - 1] if len(parts) > 1 else None
    day = str(int(parts[2])) if len(parts) > 2 else None
    if style == "apa":
        return year + (", " + month + (" " + day if day else "") if month else "")
    return (month + " " + (day + ", " if day else "") if month else "") + year


def citation(source, style):
    title = field(source, "title") or source.get("name", source["id"])
    publisher = field(source, "publisher") or "Unknown publisher"
    url = field(source, "url")
    date = field(source, "date")
    def end(text):  # one full stop, not two ("n.d.", "Ltd.")
        return text if text.endswith((".", "?", "!")) else text + "."
    if style == "apa":
        text = f"{end(publisher)} ({date_text(date, style)}). {end(title)}"
    else:
        text = f"{end(publisher)} \u201c{end(title)}\u201d {end(date_text(date, style))}"
    return text + (f" {url}" if url else "")


def backs(entity, source_id):
    """The facts of `entity` that `source_id` backs: the entity itself and fields."""
    facts = []
    if source_id in entity.get("sources", []):
        facts.append("(entity)")
    own = entity.get("field_sources", {})
    for name, value in entity.get("fields", {}).items():
        if isinstance(value, dict) and "claims" in value:
            if any(source_id in c.get("sources", []) for c in value["claims"]):
                facts.append(name + " (claim)")
        elif source_id in own.get(name, []):
            facts.append(name)
    return facts


def cite(call):
    style = call.get("options", {}).get("style", "apa")
    if style not in ("apa", "chicago"):
        raise PluginError(f"--style must be apa or chicago, not '{style}'")
    entities = {e["id"]: e for e in call.get("entities", [])}
    target = entities.get(call["arguments"][0])
    if target is None:
        raise PluginError(f"summit sent no entity '{call['arguments'][0]}'")
    cited = list(target.get("sources", []))
    for value in target.get("fields", {}).values():
        if isinstance(value, dict) and "claims" in value:
            for c in value["claims"]:
                cited += c.get("sources", [])
    for ids in target.get("field_sources", {}).values():
        cited += ids
    records = []
    for sid in dict.fromkeys(cited):  # first-seen order, no repeats
        source = entities.get(sid)
        if source is None:
            continue
        records.append({"source": sid, "backs": ", ".join(backs(target, sid)), "citation": citation(source, style)})
    return {"records": records, "columns": ["source", "backs", "citation"]}


def domain_of(source):
    """The source's web domain: from its URL, else from a publisher written as a domain."""
    url = field(source, "url")
    if isinstance(url, str) and url:
        host = urlparse(url).netloc.lower()
        return (host[4:] if host.startswith("www.") else host), "url"
    publisher = (field(source, "publisher") or "").split(" ")[0].lower()
    if "." in publisher and "/" not in publisher:
        return publisher, "publisher"
    return "(no web domain)", ""


def source_domains(call):
    groups = {}
    for s in call.get("entities", []):
        if s.get("kind") == "source":
            domain, how = domain_of(s)
            group = groups.setdefault(domain, {"ids": [], "from": set()})
            group["ids"].append(s["id"])
            if how:
                group["from"].add(how)
    records = [{"domain": d, "sources": len(g["ids"]), "from": ", ".join(sorted(g["from"])), "ids": g["ids"]}
               for d, g in groups.items()]
    records.sort(key=lambda r: (r["domain"].startswith("("), -r["sources"], r["domain"]))
    return {"records": records, "columns": ["domain", "sources", "from", "ids"]}


COMMANDS = {"cite": cite, "source-domains": source_domains}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if message.get("type") == "hello":
            reply = HANDSHAKE
        elif message.get("type") == "call":
            reply = {"id": message["id"]}
            try:
                reply.update(COMMANDS[message["command"]](message))
            except PluginError as e:
                reply["error"] = str(e)
            except KeyError as e:
                reply["error"] = f"unknown command or missing field {e}"
        else:
            continue
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
