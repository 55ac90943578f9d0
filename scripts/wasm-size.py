#!/usr/bin/env python3
"""Where the bytes of the wasm are: code size by origin, from a build with function names.

Build one (its code is byte-identical to the shipped one; the names are a custom section):
  emcmake cmake -S . -B build/wasm-prof -DCMAKE_BUILD_TYPE=MinSizeRel \
      -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs && cmake --build build/wasm-prof
then: python3 scripts/wasm-size.py build/wasm-prof/bindings/wx-core.wasm [GROUP [N]]
prints each group's raw bytes and the gzip size of its code alone (gzip works across groups,
so these add up to more than the file's); with GROUP, its N largest functions. Link-time
inlining files a callee under its caller: the bindings.cpp entry points carry the SDK code
they inline. Needs llvm-cxxfilt (Debian: llvm)."""
import collections, gzip, re, subprocess, sys

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

data = open(sys.argv[1], 'rb').read()
i = 8; sections = []
while i < len(data):
    sid = data[i]; i += 1
    size, i = leb(data, i)
    sections.append((sid, i, size)); i += size
nimports = 0
bodies = []; names = {}; datasegs = []
for sid, off, size in sections:
    if sid == 2:
        n, j = leb(data, off)
        for _ in range(n):
            l, j = leb(data, j); j += l
            l, j = leb(data, j); j += l
            kind = data[j]; j += 1
            if kind == 0: _, j = leb(data, j); nimports += 1
            elif kind == 1: j += 1; fl, j = leb(data, j); _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
            elif kind == 2: fl, j = leb(data, j); _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
            elif kind == 3: j += 2
    if sid == 10:
        n, j = leb(data, off)
        for _ in range(n):
            l, j = leb(data, j); bodies.append(data[j:j+l]); j += l
    if sid == 11:
        datasegs.append(data[off:off+size])
    if sid == 0:
        l, j = leb(data, off); nm = data[j:j+l]; j += l
        if nm == b'name':
            end = off + size
            while j < end:
                sub = data[j]; j += 1
                sl, j = leb(data, j); se = j + sl
                if sub == 1:
                    n, k = leb(data, j)
                    for _ in range(n):
                        idx, k = leb(data, k); l, k = leb(data, k)
                        names[idx] = data[k:k+l].decode('utf8', 'replace'); k += l
                j = se
mangled = [names.get(nimports + k, f'f{k}') for k in range(len(bodies))]
dem = subprocess.run(['llvm-cxxfilt'], input='\n'.join(mangled), capture_output=True, text=True).stdout.split('\n')

RULES = [
 ('libc++abi RTTI (type_info, __dynamic_cast; Embind when it was bound)', r'emscripten::|embind|_embind|__cxxabiv1|__dynamic_cast|__getTypeName|type_info|_emval|is_equal|update_offset_to_base|^legalstub'),
 ('bindings.cpp entry points (wxs_* exports + inlined SDK calls)', r'^wxs::::(CoreMethod|CreateCore|DeleteCore|CoreOf|Cores)|^wxs_|^wxs::WxCore'),
 ('bindings/ browser adapters (timers, transport, sink)', r'^wxs::(Browser|JsEventSink)|Browser|JsEventSink'),
 ('bindings/ libc replacements (memcpy, strtod, snprintf)', r'^(memcpy|strtod|strtof|strtold|snprintf|siprintf)$|DecimalEnd|SkipDigits|wxs::FormatIntegers|wxs::::(Put|Format|Output|SignedArg|UnsignedArg)'),
 ('nlohmann/json (parser, DOM, serializer)', r'nlohmann|vector<bool|__bit_iterator|^std::__2::vector::push_back$'),
 ('printf (musl)', r'printf|^fmt_|^pop_arg|^out$|^pad|^getint|^frexp|^wctomb|^wcrtomb|__stdio|^__towrite|^__fwritex|^fwrite|^sn_write|^__lockfile|^__unlockfile|^fmt_u|^fmt_x|^fmt_o|^__signbit|__fpclassify'),
 ('malloc (emmalloc)', r'^(malloc|free|realloc|calloc|emmalloc|claim_more_memory|attempt_allocate|sbrk|mallinfo|emscripten_builtin_.*|dlmalloc|dlfree|.*region.*|validate_.*|compute_free_list_bucket|.*free_list.*)$'),
 ('std::function (one set per lambda)', r'std::__2::__function|std::__2::function'),
 ('std::map/set (__tree)', r'__tree|__map'),
 ('libc++ strings, to_string', r'basic_string|to_string|char_traits|__itoa|__u64toa|__u32toa|__to_chars|basic_string_view'),
 ('other libc++ (vector, unique_ptr, new/delete ...)', r'^std::|^operator new|^operator delete'),
 ('sdk/ (the core itself)', r'^wxs::'),
 ('libc (other)', r'.'),
]
groups = collections.defaultdict(list)
def core(d):
    d = d.replace('operator()', 'opcall').replace("'lambda'", 'lambda').replace('operator<', 'oplt').replace('operator>', 'opgt')
    out=[]; depth=0
    for ch in d:
        if ch in '<(': depth+=1; continue
        if ch in '>)': depth-=1; continue
        if depth==0: out.append(ch)
    toks=[t for t in ''.join(out).split(' ') if t and t not in ('const','&','&&','*')]
    qual=[t for t in toks if '::' in t]
    return qual[-1] if qual else (toks[-1] if toks else d)
for k, (b, d) in enumerate(zip(bodies, dem)):
    c = core(d)
    for g, rx in RULES:
        if re.search(rx, c): groups[g].append((len(b), c+'   ## '+d, b)); break
    else: groups['other'].append((len(b), d, b))
total = sum(len(b) for b in bodies)
print(f'code section: {total} B in {len(bodies)} functions; data: {sum(len(s) for s in datasegs)} B')
allgz = len(gzip.compress(b''.join(bodies), 9))
print(f'code alone gzip: {allgz}; whole file gzip: {len(gzip.compress(data, 9))}')
rows = []
for g, fs in groups.items():
    raw = sum(f[0] for f in fs)
    gz = len(gzip.compress(b''.join(f[2] for f in fs), 9))
    rows.append((raw, g, len(fs), gz))
for raw, g, n, gz in sorted(rows, reverse=True):
    print(f'{g:32s} {n:4d} fns {raw:7d} B raw {gz:7d} B gzip-alone')
if len(sys.argv) > 2:
    for f in sorted(groups[sys.argv[2]], key=lambda f: -f[0])[:int(sys.argv[3]) if len(sys.argv) > 3 else 40]:
        print(f'  {f[0]:6d} {f[1][:200]}')
