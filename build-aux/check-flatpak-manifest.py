#!/usr/bin/python3
# Checks the Flatpak manifest's structure without building anything.
# SPDX-License-Identifier: Apache-2.0
#
# Usage: check-flatpak-manifest.py [MANIFEST]
# MANIFEST defaults to flatpak/io.github.mesoscope.Mesoscope.json beside this
# script's checkout.  Every check prints one line ("pass: …" or "FAIL: …";
# not TAP, so the test suite counts the manifest as one test).  The exit
# status is 1 when any check failed, 0 otherwise.  Standard library only.

import json
import pathlib
import re
import sys

APP_ID = 'io.github.mesoscope.Mesoscope'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
COMMAND = 'mesoscope'
APP_MODULE = 'mesoscope'
# GTK >= 4.8 and libadwaita >= 1.2 arrived with GNOME 43.
MIN_GNOME = 43

# Exactly what the app needs; flatpak/README.md says why for each one.
REQUIRED_FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]

# Why a tempting permission is refused (prefix match on the argument).
REFUSED_HINTS = [
    ('--talk-name=org.freedesktop.secrets',
     'secrets go through the Secret portal (libsecret >= 0.20 uses it by itself)'),
    ('--filesystem=', 'files come through the file chooser portal; no file system access'),
    ('--socket=x11', 'X11 only as --socket=fallback-x11, so Wayland sessions stay isolated'),
    ('--device=all', 'only --device=dri (GPU rendering) is needed'),
    ('--socket=session-bus', 'no unfiltered session bus'),
    ('--socket=system-bus', 'no system bus'),
    ('--talk-name=org.freedesktop.Flatpak', 'that name escapes the sandbox'),
    ('--talk-name=', 'the app talks to no other D-Bus service than the portals'),
    ('--own-name=', 'the app owns no D-Bus name besides its own'),
    ('--system-talk-name=', 'no system bus'),
    ('--socket=pulseaudio', 'the app plays no sound'),
    ('--device=', 'only --device=dri is needed'),
    ('--persist=', 'the app keeps its data in its own XDG directories'),
    ('--env=', 'the app needs no environment override'),
]

KNOWN_BUILDSYSTEMS = {'meson', 'cmake', 'cmake-ninja', 'autotools', 'simple', 'qmake'}
HEX40 = re.compile(r'^[0-9a-f]{40}$')
HEX64 = re.compile(r'^[0-9a-f]{64}$')
HEX128 = re.compile(r'^[0-9a-f]{128}$')
# Anything that could fetch from the network while building.
DOWNLOADERS = re.compile(
    r'\b(curl|wget|aria2c|mvn|mvnw|gradle|gradlew|ant|ivy|sbt|npm|npx|yarn|pnpm|'
    r'go\s+(get|mod\s+download)|cargo\s+(fetch|install)|pip3?\s+(install|download)|'
    r'git\s+(clone|fetch|pull|submodule)|svn\s+(co|checkout|export)|'
    r'flatpak\s+install|apt(-get)?\s+install)\b')
COMMAND_KEYS = ('build-commands', 'post-install', 'test-commands')
JDK_EXTENSION = re.compile(r'^org\.freedesktop\.Sdk\.Extension\.(openjdk\d*)$')


class Checker:
    def __init__(self):
        self.count = 0
        self.failures = []

    def check(self, ok, what, why=''):
        self.count += 1
        if ok:
            print(f'pass: {what}')
        else:
            message = f'{what}: {why}' if why else what
            print(f'FAIL: {message}')
            self.failures.append(message)
        return ok

    def finish(self):
        if self.failures:
            print(f'# {len(self.failures)} of {self.count} checks failed:', file=sys.stderr)
            for message in self.failures:
                print(f'#   {message}', file=sys.stderr)
            return 1
        print(f'# all {self.count} checks passed')
        return 0


def is_str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def iter_modules(modules, depth=0):
    for module in modules:
        yield module, depth
        if isinstance(module, dict) and isinstance(module.get('modules'), list):
            yield from iter_modules(module['modules'], depth + 1)


def module_commands(module):
    """Every shell command a module runs, with where it comes from."""
    for key in COMMAND_KEYS:
        for command in module.get(key) or []:
            yield key, command
    for source in module.get('sources') or []:
        if isinstance(source, dict) and source.get('type') in ('script', 'shell'):
            for command in source.get('commands') or []:
                yield f'{source["type"]} source', command


def module_text(module):
    """The options and commands of a module, for looking up flags."""
    parts = list(module.get('config-opts') or [])
    parts += [command for _, command in module_commands(module)]
    return '\n'.join(p for p in parts if isinstance(p, str))


def check_top_level(c, manifest):
    ids = {k: manifest.get(k) for k in ('id', 'app-id') if k in manifest}
    c.check(len(ids) == 1 and list(ids.values())[0] == APP_ID,
            f'id is {APP_ID}', f'found {ids or "no id"} (give exactly one of id/app-id)')
    c.check(manifest.get('runtime') == RUNTIME, f'runtime is {RUNTIME}',
            f'found {manifest.get("runtime")!r}')
    c.check(manifest.get('sdk') == SDK, f'sdk is {SDK}', f'found {manifest.get("sdk")!r}')
    version = manifest.get('runtime-version')
    c.check(isinstance(version, str) and version.isdigit() and int(version) >= MIN_GNOME,
            f'runtime-version is a stable GNOME branch >= {MIN_GNOME}',
            f'found {version!r} (a number such as "51"; no "master" or beta branches)')
    c.check(manifest.get('command') == COMMAND, f'command is {COMMAND}',
            f'found {manifest.get("command")!r}')
    options = manifest.get('build-options') or {}
    args = (options.get('build-args') or []) + (options.get('test-args') or [])
    c.check('--share=network' not in args, 'no network while building (top-level build-options)',
            'build-args/test-args contain --share=network')


def check_finish_args(c, manifest):
    args = manifest.get('finish-args')
    if not c.check(is_str_list(args), 'finish-args is a list of strings', f'found {args!r}'):
        return
    c.check(len(args) == len(set(args)), 'finish-args has no duplicates', f'{args}')
    for arg in args:
        if arg in REQUIRED_FINISH_ARGS:
            c.check(True, f'finish-arg {arg} is allowed')
            continue
        hint = next((why for prefix, why in REFUSED_HINTS if arg.startswith(prefix)),
                    'not in the allowed set ' + ' '.join(REQUIRED_FINISH_ARGS))
        c.check(False, f'finish-arg {arg} is allowed', hint)
    for arg in REQUIRED_FINISH_ARGS:
        c.check(arg in args, f'finish-args include {arg}', 'missing')


def check_source(c, source, module_name, is_app_module, manifest_dir):
    label = f'module {module_name}: {source.get("type", "?")} source'
    kind = source.get('type')
    if kind == 'git':
        url = source.get('url', '')
        c.check(isinstance(url, str) and url.startswith('https://'),
                f'{label} has an https url', f'found {url!r}')
        c.check(isinstance(source.get('commit'), str) and bool(HEX40.match(source['commit'])),
                f'{label} is pinned to a 40-hex commit', f'found commit {source.get("commit")!r}')
    elif kind in ('archive', 'file'):
        url = source.get('url')
        c.check(isinstance(url, str) and url.startswith('https://') and 'path' not in source,
                f'{label} downloads from an https url', f'found url={url!r} path={source.get("path")!r}')
        for mirror in source.get('mirror-urls') or []:
            c.check(isinstance(mirror, str) and mirror.startswith('https://'),
                    f'{label} mirror {mirror} is https')
        sha256, sha512 = source.get('sha256'), source.get('sha512')
        c.check((isinstance(sha256, str) and bool(HEX64.match(sha256)))
                or (isinstance(sha512, str) and bool(HEX128.match(sha512))),
                f'{label} has a sha256 (64 hex) or sha512 (128 hex)',
                f'found sha256={sha256!r} sha512={sha512!r}')
    elif kind == 'patch':
        if 'url' in source:
            c.check(isinstance(source.get('sha256'), str) and bool(HEX64.match(source['sha256'])),
                    f'{label} from a url has a sha256')
        else:
            paths = source.get('paths') or [source.get('path')]
            for path in paths:
                ok = isinstance(path, str) and (manifest_dir / path).is_file()
                c.check(ok, f'{label} {path} is a file in the checkout', 'missing')
    elif kind == 'dir':
        path = source.get('path')
        root = (manifest_dir / path).resolve() if isinstance(path, str) else None
        meson = root / 'meson.build' if root else None
        is_checkout = bool(meson and meson.is_file()
                           and re.search(r"project\(\s*'mesoscope'", meson.read_text(errors='replace')))
        c.check(is_app_module and is_checkout,
                f'{label} ({path}) is the app module pointing at the checkout',
                'dir sources are only allowed in the mesoscope module, for the checkout root')
    elif kind in ('script', 'shell'):
        c.check(True, f'{label} (commands checked below)')
    else:
        c.check(False, f'{label} is a pinnable kind',
                'use git with a commit, archive/file with a checksum, or a patch in the checkout')


def check_modules(c, manifest, manifest_dir):
    modules = manifest.get('modules')
    if not c.check(isinstance(modules, list) and len(modules) > 0, 'modules is a non-empty list'):
        return
    c.check(all(isinstance(m, dict) for m, _ in iter_modules(modules)),
            'every module is inline (so every source is checked here)',
            'a module is given as a file name')
    top = [m for m in modules if isinstance(m, dict)]
    last = top[-1] if top else {}
    for module, depth in iter_modules(modules):
        if not isinstance(module, dict):
            continue
        name = module.get('name')
        c.check(isinstance(name, str) and name != '', f'module {name!r} has a name')
        c.check(module.get('buildsystem') in KNOWN_BUILDSYSTEMS,
                f'module {name}: buildsystem is set', f'found {module.get("buildsystem")!r}')
        sources = module.get('sources')
        if c.check(isinstance(sources, list) and len(sources) > 0 and all(isinstance(s, dict) for s in sources),
                   f'module {name}: has sources'):
            for source in sources:
                check_source(c, source, name, module is last and depth == 0, manifest_dir)
        options = module.get('build-options') or {}
        args = (options.get('build-args') or []) + (options.get('test-args') or [])
        c.check('--share=network' not in args, f'module {name}: no network while building',
                'build-args/test-args contain --share=network')
        hits = [f'{where}: {m.group(0)!r} in {command!r}'
                for where, command in module_commands(module)
                if isinstance(command, str) for m in [DOWNLOADERS.search(command)] if m]
        c.check(not hits, f'module {name}: commands call no download tool', '; '.join(hits))

    names = [m.get('name') for m in top]
    c.check(last.get('name') == APP_MODULE, f'the last module is {APP_MODULE}', f'order is {names}')
    c.check(last.get('buildsystem') == 'meson', f'{APP_MODULE} builds with meson')
    c.check(last.get('run-tests') is True, f'{APP_MODULE} has run-tests: true')
    c.check(any(isinstance(s, dict) and s.get('type') == 'dir' for s in last.get('sources') or []),
            f'{APP_MODULE} builds the checkout (a dir source)')
    c.check('-Ddevelopment=false' in (last.get('config-opts') or []),
            f'{APP_MODULE} is configured with -Ddevelopment=false', f'config-opts {last.get("config-opts")}')
    # flatpak-builder runs "ninja test" (every suite) unless test-rule is
    # empty; the ZooKeeper suite needs a server the build sandbox lacks.
    c.check(last.get('test-rule') == '', f'{APP_MODULE} has test-rule "" (no plain "ninja test")',
            f'found {last.get("test-rule")!r}')
    tests = [t for t in last.get('test-commands') or [] if isinstance(t, str)]
    meson_tests = [t for t in tests if re.search(r'\bmeson\s+test\b', t)]
    c.check(len(meson_tests) > 0 and all(re.search(r'--no-suite[= ]zookeeper\b', t) for t in meson_tests),
            f'{APP_MODULE} test-commands run meson test --no-suite zookeeper', f'found {tests}')

    index = {m.get('name'): i for i, m in enumerate(top)}
    yajl = next((m for m in top if str(m.get('name', '')).startswith('yajl')), None)
    c.check(yajl is not None and index[yajl['name']] < len(top) - 1,
            'yajl is built before the app (the GNOME SDK has no yajl)')

    zk = [m for m in top if 'zookeeper' in str(m.get('name', ''))]
    if not c.check(len(zk) == 1 and index[zk[0]['name']] < len(top) - 1,
                   'one ZooKeeper C client module, built before the app', f'found {len(zk)}'):
        return
    zk = zk[0]
    text = module_text(zk)
    single = ('--without-syncapi' in text) or re.search(r'-DWANT_SYNCAPI(:BOOL)?=(OFF|0|NO|FALSE)\b', text)
    c.check(bool(single), 'the ZooKeeper client builds single-threaded only',
            'need --without-syncapi (autotools) or -DWANT_SYNCAPI=OFF (CMake)')
    c.check('--with-syncapi' not in text and not re.search(r'WANT_SYNCAPI(:BOOL)?=(ON|1|YES|TRUE)\b', text),
            'nothing turns the multi-threaded client back on')
    c.check(re.search(r'--without-cppunit\b|-DWANT_CPPUNIT(:BOOL)?=(OFF|0)\b', text) is not None,
            'the ZooKeeper client skips its cppunit tests (they need a server)')
    c.check(re.search(r'\borg\.apache\.jute\.compiler\.generated\.Rcc\s+-l\s+c\b', text) is not None,
            'the jute C sources are generated with Rcc -l c')
    used = [s for s in zk.get('sources') or [] if isinstance(s, dict) and s.get('type') == 'file']
    for source in used:
        filename = source.get('dest-filename') or str(source.get('url', '')).rsplit('/', 1)[-1]
        c.check(filename in text, f'the ZooKeeper module uses its file source {filename}')

    extensions = manifest.get('sdk-extensions') or []
    jdks = [m.group(1) for m in (JDK_EXTENSION.match(e) for e in extensions if isinstance(e, str)) if m]
    if c.check(len(jdks) >= 1, 'a JDK extension is listed in sdk-extensions', f'found {extensions}'):
        paths = [p for p in ((zk.get('build-options') or {}).get('append-path') or '').split(':') if p]
        c.check(any(p == f'/usr/lib/sdk/{jdk}/bin' for p in paths for jdk in jdks),
                'the ZooKeeper module puts that JDK on its PATH (append-path)',
                f'append-path {paths}, extensions {jdks}')


def main():
    here = pathlib.Path(__file__).resolve().parent
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else \
        here.parent / 'flatpak' / f'{APP_ID}.json'
    c = Checker()
    print(f'# checking {path}')
    try:
        manifest = json.loads(path.read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        c.check(False, f'{path} is readable JSON', str(e))
        return c.finish()
    if not c.check(isinstance(manifest, dict), 'the manifest is a JSON object'):
        return c.finish()
    check_top_level(c, manifest)
    check_finish_args(c, manifest)
    check_modules(c, manifest, path.resolve().parent)
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
