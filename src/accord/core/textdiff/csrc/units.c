/*
 * unit_blocks(a, a_lo, a_hi, b, b_lo, b_hi, direct_limit)
 *     -> list of (a1, a2, b1, b2) | None
 *
 * The word diff's matching runs between a[a_lo:a_hi] and b[b_lo:b_hi], as character
 * ranges (a[a1:a2] == b[b1:b2]): both are cut into diff units as tokens._UNIT_FAST
 * cuts text without CJK characters, and the runs are those lcs.lcs_blocks_of_lists
 * gives for the two unit lists (equal ends, then lcs._direct_py's traceback). None
 * when that would split the problem Hirschberg-style (more than direct_limit cells
 * left after the equal ends): the caller then takes the Python path, which does.
 */
#include "speedups.h"

static inline int
is_word(Py_UCS4 c)  /* the regex's \w for str patterns */
{
    return c == '_' || Py_UNICODE_ISALNUM(c);
}

static inline int
is_joiner(Py_UCS4 c)  /* ['’.\-] inside a word: "Parties’", "e.g", "non-Party" */
{
    return c == '\'' || c == 0x2019 || c == '.' || c == '-';
}

/* Start offsets of the units of text[lo:hi], then hi:
   \s*+(?:\w++(?:['’.\-]\w++)*+|\S)|\s++ */
static int
cut_units(PyObject *text, Py_ssize_t lo, Py_ssize_t hi, Int64s *starts)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t pos = lo;
    while (pos < hi) {
        if (int64s_push(starts, pos) < 0)
            return -1;
        while (pos < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, pos)))
            pos++;
        if (pos == hi)
            break;  /* trailing whitespace is a unit of its own */
        if (!is_word(PyUnicode_READ(kind, data, pos))) {
            pos++;  /* one punctuation mark (or other non-space character) */
            continue;
        }
        for (;;) {
            while (pos < hi && is_word(PyUnicode_READ(kind, data, pos)))
                pos++;
            if (pos + 1 < hi && is_joiner(PyUnicode_READ(kind, data, pos)) &&
                is_word(PyUnicode_READ(kind, data, pos + 1)))
                pos++;
            else
                break;
        }
    }
    return int64s_push(starts, hi);
}

static uint64_t
hash_span(int kind, const void *data, Py_ssize_t s, Py_ssize_t e)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = s; i < e; i++)
        h = (h ^ PyUnicode_READ(kind, data, i)) * 0x100000001b3ULL;
    return mix64(h);
}

static int
same_span(int k1, const void *d1, Py_ssize_t s1, int k2, const void *d2, Py_ssize_t s2,
          Py_ssize_t n)
{
    if (k1 == k2)
        return memcmp((const char *)d1 + s1 * k1, (const char *)d2 + s2 * k2, (size_t)(n * k1)) == 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(k1, d1, s1 + i) != PyUnicode_READ(k2, d2, s2 + i))
            return 0;
    return 1;
}

/* Codes of a's units (0, 1, ... by first appearance) and b's (-1: not among a's). */
static int
code_units(PyObject *a, const Int64s *sa, PyObject *b, const Int64s *sb, Py_ssize_t *ca,
           Py_ssize_t *cb, Py_ssize_t *ncodes)
{
    Py_ssize_t na = sa->len - 1, nb = sb->len - 1, next = 0;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    size_t capacity = 16;
    while (capacity < (size_t)(2 * na + 2))
        capacity <<= 1;
    Py_ssize_t *table = PyMem_Malloc(capacity * sizeof(Py_ssize_t));
    Py_ssize_t *first = PyMem_Malloc(((size_t)na + 1) * sizeof(Py_ssize_t));  /* code -> unit */
    if (table == NULL || first == NULL) {
        PyMem_Free(table);
        PyMem_Free(first);
        PyErr_NoMemory();
        return -1;
    }
    memset(table, 0xff, capacity * sizeof(Py_ssize_t));
    for (Py_ssize_t u = 0; u < na; u++) {
        Py_ssize_t s = sa->items[u], n = sa->items[u + 1] - s;
        size_t at = hash_span(ka, da, s, s + n) & (capacity - 1);
        for (;; at = (at + 1) & (capacity - 1)) {
            Py_ssize_t code = table[at];
            if (code < 0) {
                table[at] = next;
                first[next] = u;
                ca[u] = next++;
                break;
            }
            Py_ssize_t f = sa->items[first[code]];
            if (sa->items[first[code] + 1] - f == n && same_span(ka, da, f, ka, da, s, n)) {
                ca[u] = code;
                break;
            }
        }
    }
    for (Py_ssize_t u = 0; u < nb; u++) {
        Py_ssize_t s = sb->items[u], n = sb->items[u + 1] - s;
        size_t at = hash_span(kb, db, s, s + n) & (capacity - 1);
        cb[u] = -1;
        for (;; at = (at + 1) & (capacity - 1)) {
            Py_ssize_t code = table[at];
            if (code < 0)
                break;
            Py_ssize_t f = sa->items[first[code]];
            if (sa->items[first[code] + 1] - f == n && same_span(ka, da, f, kb, db, s, n)) {
                cb[u] = code;
                break;
            }
        }
    }
    PyMem_Free(table);
    PyMem_Free(first);
    *ncodes = next;
    return 0;
}

PyObject *
unit_blocks(PyObject *module, PyObject *args)
{
    PyObject *a, *b, *result = NULL;
    Py_ssize_t a_lo, a_hi, b_lo, b_hi, limit, ncodes = 0, *ca = NULL, *cb = NULL;
    Int64s sa = {0}, sb = {0};
    Runs runs = {0};
    if (!PyArg_ParseTuple(args, "UnnUnnn:unit_blocks", &a, &a_lo, &a_hi, &b, &b_lo, &b_hi,
                          &limit))
        return NULL;
    if (a_lo < 0 || a_lo > a_hi || a_hi > PyUnicode_GET_LENGTH(a) || b_lo < 0 || b_lo > b_hi ||
        b_hi > PyUnicode_GET_LENGTH(b)) {
        PyErr_SetString(PyExc_ValueError, "unit_blocks: ranges out of bounds");
        return NULL;
    }
    if (cut_units(a, a_lo, a_hi, &sa) < 0 || cut_units(b, b_lo, b_hi, &sb) < 0)
        goto done;
    Py_ssize_t na = sa.len - 1, nb = sb.len - 1;
    ca = PyMem_Malloc(((size_t)na + 1) * sizeof(Py_ssize_t));
    cb = PyMem_Malloc(((size_t)nb + 1) * sizeof(Py_ssize_t));
    if (ca == NULL || cb == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (code_units(a, &sa, b, &sb, ca, cb, &ncodes) < 0)
        goto done;
    /* Equal ends first, as lcs._solve takes them. */
    Py_ssize_t lo = 0, k = 0, shortest = na < nb ? na : nb;
    while (lo < shortest && ca[lo] == cb[lo])
        lo++;
    while (k < shortest - lo && ca[na - 1 - k] == cb[nb - 1 - k])
        k++;
    Py_ssize_t ma = na - lo - k, mb = nb - lo - k;
    if (ma && mb && mb >= 2 && ma > limit / mb) {
        result = Py_NewRef(Py_None);  /* Hirschberg's split: the Python path does it */
        goto done;
    }
    if (lo && runs_push(&runs, 0, 0, lo) < 0)
        goto done;
    if (lcs_codes(ca + lo, ma, cb + lo, mb, ncodes, lo, lo, &runs) < 0)
        goto done;
    if (k && runs_push(&runs, lo + ma, lo + mb, k) < 0)
        goto done;
    result = PyList_New(runs.len);
    if (result == NULL)
        goto done;
    for (Py_ssize_t r = 0; r < runs.len; r++) {
        const Run *run = &runs.items[r];
        PyObject *t = Py_BuildValue(
            "(nnnn)", (Py_ssize_t)sa.items[run->i], (Py_ssize_t)sa.items[run->i + run->n],
            (Py_ssize_t)sb.items[run->j], (Py_ssize_t)sb.items[run->j + run->n]);
        if (t == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, r, t);
    }
done:
    PyMem_Free(sa.items);
    PyMem_Free(sb.items);
    PyMem_Free(ca);
    PyMem_Free(cb);
    PyMem_Free(runs.items);
    return result;
}
