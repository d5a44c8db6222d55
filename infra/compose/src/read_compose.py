"""Reads a compose file the way Docker Compose does before interpolation, and checks it against
the Compose specification's JSON schema.

Usage: python read_compose.py <compose.yaml> <compose-spec.json>
Prints one JSON object: {"document": <the file as data>, "errors": ["<path>: <message>", ...]}.

Compose parses YAML 1.2 (go-yaml v3), PyYAML implements 1.1: the loader below resolves plain
scalars as 1.2's core schema does, so `no`, `on` or `1:30` stay strings here as they do there,
and it refuses a key given twice in one mapping, as Compose does (PyYAML would keep the last).
"""

import json
import re
import sys

import yaml
from jsonschema import Draft202012Validator


class ComposeLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core schema scalars and no duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == 'tag:yaml.org,2002:merge':
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f'duplicate key {key!r}', key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Keep the merge key (`<<`, which Compose supports); replace every other implicit resolver.
ComposeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == 'tag:yaml.org,2002:merge']
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CORE_SCHEMA = [
    ('tag:yaml.org,2002:null', r'^(?:~|null|Null|NULL|)$', ['~', 'n', 'N', '']),
    ('tag:yaml.org,2002:bool', r'^(?:true|True|TRUE|false|False|FALSE)$', list('tTfF')),
    ('tag:yaml.org,2002:int', r'^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$', list('-+0123456789')),
    (
        'tag:yaml.org,2002:float',
        r'^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$',
        list('-+.0123456789'),
    ),
]
for tag, pattern, first in CORE_SCHEMA:
    ComposeLoader.add_implicit_resolver(tag, re.compile(pattern), first)


def construct_core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith('0o'):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith('0x') else int(text, 10)


ComposeLoader.add_constructor('tag:yaml.org,2002:int', construct_core_int)


def location(error):
    return '/'.join(str(part) for part in error.absolute_path) or '(root)'


def main(compose_path, schema_path):
    with open(compose_path, encoding='utf-8') as compose_file:
        try:
            document = yaml.load(compose_file, Loader=ComposeLoader)
        except yaml.YAMLError as error:
            # One line, the caller shows it as it is.
            sys.stderr.write(' '.join(str(error).split()) + '\n')
            sys.exit(2)
    with open(schema_path, encoding='utf-8') as schema_file:
        schema = json.load(schema_file)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    errors = sorted(f'{location(error)}: {error.message}' for error in validator.iter_errors(document))
    json.dump({'document': document, 'errors': errors}, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
