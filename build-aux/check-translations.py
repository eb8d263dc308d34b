#!/usr/bin/python3
# Fails unless every language listed in po/LINGUAS has a po file that
# msgfmt --check accepts with no fuzzy and no untranslated messages, and
# that translates every message the sources in po/POTFILES.in use now (a po
# file not merged after a change of the sources would pass the first check).
# Prints one summary line per language.
#
# Usage: check-translations.py [--po-dir DIR] [SOURCE_ROOT]
#   SOURCE_ROOT defaults to the current directory; DIR defaults to
#   SOURCE_ROOT/po and must hold LINGUAS and the LANG.po files.

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

STATS = {
    'translated': re.compile(r'(\d+) translated messages?'),
    'fuzzy': re.compile(r'(\d+) fuzzy translations?'),
    'untranslated': re.compile(r'(\d+) untranslated messages?'),
}


def read_linguas(path):
    languages = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.split('#', 1)[0]
        languages.extend(line.split())
    return languages


# Meson's i18n.gettext(preset: 'glib') keywords.
XGETTEXT_ARGS = ['--from-code=UTF-8', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                 '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
                 '--keyword=g_dpgettext2:2c,3']


def sources_pot(xgettext, source_root, po_dir, tmp):
    """The messages the sources use now, as a pot file in @tmp."""
    pot = pathlib.Path(tmp) / 'sources.pot'
    env = dict(os.environ, LC_ALL='C', LANGUAGE='C')
    result = subprocess.run([xgettext, *XGETTEXT_ARGS, '-f', str(po_dir / 'POTFILES.in'),
                             '-D', str(source_root), '-o', str(pot)],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        print(f'check-translations: xgettext failed (exit {result.returncode}):\n{result.stderr}',
              file=sys.stderr)
        return None
    return pot


def check_current(msgcmp, po_dir, lang, pot):
    """Returns (ok, failure line): does LANG.po translate every message of @pot?"""
    env = dict(os.environ, LC_ALL='C', LANGUAGE='C')
    result = subprocess.run([msgcmp, str(po_dir / f'{lang}.po'), str(pot)],
                            capture_output=True, text=True, env=env)
    if result.returncode == 0:
        return True, ''
    missing = [line for line in result.stderr.splitlines() if 'not defined' in line]
    return False, (f'{lang}: FAIL: {len(missing)} messages the sources use are not in {lang}.po '
                   f'(meson compile mesoscope-update-po, then translate them)\n' +
                   '\n'.join('    ' + line for line in result.stderr.splitlines()))


def check(msgfmt, po_dir, lang):
    """Returns (ok, summary line)."""
    po = po_dir / f'{lang}.po'
    if not po.is_file():
        return False, f'{lang}: FAIL: {po} is missing'

    # Untranslated msgfmt output, whatever the caller's locale.
    env = dict(os.environ, LC_ALL='C', LANGUAGE='C')
    result = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, str(po)],
                            capture_output=True, text=True, env=env)
    stderr = result.stderr.strip()
    counts = {}
    for name, pattern in STATS.items():
        match = pattern.search(stderr)
        counts[name] = int(match.group(1)) if match else 0
    summary = (f"{counts['translated']} translated, {counts['fuzzy']} fuzzy, "
               f"{counts['untranslated']} untranslated")

    if result.returncode != 0:
        errors = '\n'.join('    ' + line for line in stderr.splitlines()
                           if not any(p.search(line) for p in STATS.values()))
        return False, (f'{lang}: FAIL: msgfmt --check failed (exit {result.returncode}); '
                       f'{summary}\n{errors}')
    if not any(pattern.search(stderr) for pattern in STATS.values()):
        return False, f'{lang}: FAIL: no statistics from msgfmt: {stderr!r}'
    if counts['fuzzy'] or counts['untranslated']:
        return False, f'{lang}: FAIL: {summary}'
    if counts['translated'] == 0:
        return False, f'{lang}: FAIL: {po.name} holds no translated message'
    return True, f'{lang}: OK: {summary}'


def main():
    parser = argparse.ArgumentParser(
        description='Check that every language in po/LINGUAS is fully translated.')
    parser.add_argument('source_root', nargs='?', default='.', help='project source root')
    parser.add_argument('--po-dir', help='directory with LINGUAS and the po files '
                                         '(default: SOURCE_ROOT/po)')
    args = parser.parse_args()

    po_dir = pathlib.Path(args.po_dir) if args.po_dir else pathlib.Path(args.source_root) / 'po'
    po_dir = po_dir.resolve()
    linguas = po_dir / 'LINGUAS'
    if not linguas.is_file():
        print(f'check-translations: {linguas} is missing', file=sys.stderr)
        return 1

    msgfmt = shutil.which('msgfmt')
    if msgfmt is None:
        print('check-translations: msgfmt (GNU gettext) not found', file=sys.stderr)
        return 1

    languages = read_linguas(linguas)
    if not languages:
        print(f'check-translations: {linguas} lists no language; nothing to check')
        return 0

    xgettext = shutil.which('xgettext')
    msgcmp = shutil.which('msgcmp')
    if xgettext is None or msgcmp is None:
        print('check-translations: xgettext and msgcmp (GNU gettext) not found', file=sys.stderr)
        return 1

    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = sources_pot(xgettext, pathlib.Path(args.source_root).resolve(), po_dir, tmp)
        if pot is None:
            return 1
        for lang in languages:
            ok, line = check(msgfmt, po_dir, lang)
            if ok:
                ok, current = check_current(msgcmp, po_dir, lang, pot)
                line = line if ok else current
            print(line, file=sys.stdout if ok else sys.stderr, flush=True)
            if not ok:
                failed.append(lang)

    if failed:
        print(f"check-translations: {len(failed)} of {len(languages)} languages incomplete "
              f"or invalid: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
