#!/usr/bin/env python3
"""Seed corpus for the API fuzzer from the golden cases: "method\\nrequest" per file."""
import hashlib, json, pathlib, sys
root = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
for f in sorted((root / 'tests' / 'golden').glob('*.jsonl')):
    for line in f.read_text(encoding='utf-8').splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        c = json.loads(line)
        seed = (c['method'] + '\n' + json.dumps(c.get('request', {}), ensure_ascii=False)).encode()
        (out / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
