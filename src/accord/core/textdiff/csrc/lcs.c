/*
 * A longest common subsequence by the bit-parallel recurrence (Allison & Dix 1986;
 * Hyyrö 2004), every row kept, and the traceback of lcs._direct_py step for step:
 *   - equal items at the corner: take the whole run of them;
 *   - else, when deleting a[i-1] keeps the LCS (bit i-1 of row j is set), go down to the
 *     highest position below i-1 that is an occurrence of b[j-1] or a zero bit of the
 *     row (0 when there is none);
 *   - else b[j-1] is inserted.
 * Items are compared through codes: equal items, equal codes.
 */
#include "speedups.h"

int
make_room(void **items, Py_ssize_t len, Py_ssize_t *cap, size_t size)
{
    if (len < *cap)
        return 0;
    Py_ssize_t more = *cap ? *cap * 2 : 256;
    void *bigger = (size_t)more > PY_SSIZE_T_MAX / size ? NULL
                                                        : PyMem_Realloc(*items, (size_t)more * size);
    if (bigger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *items = bigger;
    *cap = more;
    return 0;
}

int
runs_push(Runs *runs, Py_ssize_t i, Py_ssize_t j, Py_ssize_t n)
{
    if (make_room((void **)&runs->items, runs->len, &runs->cap, sizeof(Run)) < 0)
        return -1;
    runs->items[runs->len++] = (Run){i, j, n};
    return 0;
}

typedef struct {
    const Py_ssize_t *ca, *cb;
    Py_ssize_t la, lb, words;     /* lengths, 64-bit words per row */
    Py_ssize_t *pos_start, *pos;  /* positions in a of each code (CSR, ascending) */
    word_t *rows;                 /* (lb + 1) rows of `words` words */
} Lcs;

static int
positions(Lcs *w, Py_ssize_t ncodes)
{
    w->pos_start = PyMem_Calloc((size_t)ncodes + 2, sizeof(Py_ssize_t));
    w->pos = PyMem_Malloc(((size_t)w->la + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *fill = PyMem_Malloc(((size_t)ncodes + 1) * sizeof(Py_ssize_t));
    if (w->pos_start == NULL || w->pos == NULL || fill == NULL) {
        PyMem_Free(fill);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < w->la; i++)
        w->pos_start[w->ca[i] + 1]++;
    for (Py_ssize_t c = 0; c < ncodes; c++)
        w->pos_start[c + 1] += w->pos_start[c];
    memcpy(fill, w->pos_start, ((size_t)ncodes + 1) * sizeof(Py_ssize_t));
    for (Py_ssize_t i = 0; i < w->la; i++)
        w->pos[fill[w->ca[i]]++] = i;
    PyMem_Free(fill);
    return 0;
}

/* Row j + 1 from row j: v' = ((v + u) | (v - u)) & full, with u = v & mask(b[j]). */
static void
rows(Lcs *w)
{
    Py_ssize_t words = w->words;
    word_t top = (w->la % 64) ? (((word_t)1 << (w->la % 64)) - 1) : ~(word_t)0;
    word_t *v = w->rows;
    for (Py_ssize_t k = 0; k < words; k++)
        v[k] = ~(word_t)0;
    v[words - 1] = top;
    for (Py_ssize_t j = 0; j < w->lb; j++, v += words) {
        word_t *next = v + words;
        Py_ssize_t code = w->cb[j];
        memcpy(next, v, (size_t)words * sizeof(word_t));
        if (code < 0)
            continue;  /* not in a: the row stays as it is */
        Py_ssize_t p = w->pos_start[code], pend = w->pos_start[code + 1];
        Py_ssize_t q = p;
        while (q < pend && !((v[w->pos[q] >> 6] >> (w->pos[q] & 63)) & 1))
            q++;
        if (q == pend)
            continue;  /* u == 0: the row stays as it is */
        /* The mask one word at a time from the sorted positions; add with carry and
           subtract with borrow across the words. */
        word_t carry = 0, borrow = 0;
        for (Py_ssize_t k = 0; k < words; k++) {
            word_t m = 0;
            while (p < pend && (w->pos[p] >> 6) == k) {
                m |= (word_t)1 << (w->pos[p] & 63);
                p++;
            }
            word_t x = v[k], u = x & m;
            word_t s = x + u, s2 = s + carry;
            carry = (s < x) | (s2 < s);
            word_t d = x - u, d2 = d - borrow;
            borrow = (x < u) | (d < borrow);
            next[k] = s2 | d2;
        }
        next[words - 1] &= top;
    }
}

/* Highest position p < limit that is an occurrence of `code` in a or a zero bit of
   `row`; -1 when there is none. */
static Py_ssize_t
stop_below(const Lcs *w, const word_t *row, Py_ssize_t code, Py_ssize_t limit)
{
    Py_ssize_t best = -1;
    if (limit <= 0)
        return -1;
    if (code >= 0) {  /* binary search: the last occurrence below limit */
        Py_ssize_t lo = w->pos_start[code], hi = w->pos_start[code + 1];
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (w->pos[mid] < limit)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > w->pos_start[code])
            best = w->pos[lo - 1];
    }
    Py_ssize_t last = limit - 1;  /* the highest bit looked at */
    for (Py_ssize_t k = last >> 6; k >= 0 && k * 64 + 63 > best; k--) {
        word_t x = ~row[k];
        if (k == (last >> 6) && (last & 63) != 63)
            x &= ((word_t)2 << (last & 63)) - 1;
        if (x) {
            Py_ssize_t zero = k * 64 + (63 - __builtin_clzll(x));
            return zero > best ? zero : best;
        }
    }
    return best;
}

static int
traceback(const Lcs *w, Py_ssize_t ao, Py_ssize_t bo, Runs *out)
{
    Py_ssize_t first = out->len;
    Py_ssize_t i = w->la, j = w->lb;
    while (i && j) {
        Py_ssize_t sym = w->cb[j - 1];
        if (sym >= 0 && w->ca[i - 1] == sym) {
            Py_ssize_t n = 1, lim = i < j ? i : j;
            while (n < lim && w->ca[i - 1 - n] == w->cb[j - 1 - n])
                n++;
            i -= n;
            j -= n;
            if (runs_push(out, ao + i, bo + j, n) < 0)
                return -1;
            continue;
        }
        const word_t *row = w->rows + j * w->words;
        if ((row[(i - 1) >> 6] >> ((i - 1) & 63)) & 1)
            i = stop_below(w, row, sym, i - 1) + 1;
        else
            j--;
    }
    for (Py_ssize_t lo = first, hi = out->len - 1; lo < hi; lo++, hi--) {  /* in order */
        Run t = out->items[lo];
        out->items[lo] = out->items[hi];
        out->items[hi] = t;
    }
    return 0;
}

int
lcs_codes(const Py_ssize_t *ca, Py_ssize_t la, const Py_ssize_t *cb, Py_ssize_t lb,
          Py_ssize_t ncodes, Py_ssize_t ao, Py_ssize_t bo, Runs *out)
{
    if (la == 0 || lb == 0)
        return 0;
    Lcs w = {ca, cb, la, lb, (la + 63) / 64, NULL, NULL, NULL};
    int status = -1;
    if ((size_t)(lb + 1) > PY_SSIZE_T_MAX / sizeof(word_t) / (size_t)w.words) {
        PyErr_NoMemory();
        return -1;
    }
    w.rows = PyMem_Malloc((size_t)(lb + 1) * (size_t)w.words * sizeof(word_t));
    if (w.rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (positions(&w, ncodes) < 0)
        goto done;
    rows(&w);
    status = traceback(&w, ao, bo, out);
done:
    PyMem_Free(w.rows);
    PyMem_Free(w.pos_start);
    PyMem_Free(w.pos);
    return status;
}

/* Codes for the items of a (0, 1, ... in order of first appearance) and of b (-1 for
   items not in a), through a dict. */
static int
encode(PyObject *fa, PyObject *fb, Py_ssize_t *ca, Py_ssize_t *cb, Py_ssize_t *ncodes)
{
    PyObject *codes = PyDict_New();
    if (codes == NULL)
        return -1;
    Py_ssize_t next = 0, la = PySequence_Fast_GET_SIZE(fa), lb = PySequence_Fast_GET_SIZE(fb);
    PyObject **ia = PySequence_Fast_ITEMS(fa), **ib = PySequence_Fast_ITEMS(fb);
    for (Py_ssize_t i = 0; i < la; i++) {
        PyObject *code = PyDict_GetItemWithError(codes, ia[i]);  /* borrowed */
        if (code != NULL) {
            ca[i] = PyLong_AsSsize_t(code);
            continue;
        }
        if (PyErr_Occurred() || (code = PyLong_FromSsize_t(next)) == NULL)
            goto fail;
        int err = PyDict_SetItem(codes, ia[i], code);
        Py_DECREF(code);
        if (err < 0)
            goto fail;
        ca[i] = next++;
    }
    for (Py_ssize_t j = 0; j < lb; j++) {
        PyObject *code = PyDict_GetItemWithError(codes, ib[j]);
        if (code == NULL && PyErr_Occurred())
            goto fail;
        cb[j] = code == NULL ? -1 : PyLong_AsSsize_t(code);
    }
    Py_DECREF(codes);
    *ncodes = next;
    return 0;
fail:
    Py_DECREF(codes);
    return -1;
}

/* Runs as a list of (i, j, n) tuples. */
static PyObject *
runs_list(const Runs *runs)
{
    PyObject *list = PyList_New(runs->len);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t r = 0; r < runs->len; r++) {
        const Run *run = &runs->items[r];
        PyObject *t = Py_BuildValue("(nnn)", run->i, run->j, run->n);
        if (t == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, r, t);
    }
    return list;
}

/* lcs_direct(a, b, ao=0, bo=0) -> list of (ao + i, bo + j, n): lcs._direct_py's runs. */
PyObject *
lcs_direct(PyObject *module, PyObject *args)
{
    PyObject *a, *b, *fa = NULL, *fb = NULL, *result = NULL;
    Py_ssize_t ao = 0, bo = 0, ncodes = 0, *ca = NULL, *cb = NULL;
    Runs runs = {0};
    if (!PyArg_ParseTuple(args, "OO|nn:lcs_direct", &a, &b, &ao, &bo))
        return NULL;
    fa = PySequence_Fast(a, "lcs_direct: a must be a sequence");
    fb = fa == NULL ? NULL : PySequence_Fast(b, "lcs_direct: b must be a sequence");
    if (fb == NULL)
        goto done;
    Py_ssize_t la = PySequence_Fast_GET_SIZE(fa), lb = PySequence_Fast_GET_SIZE(fb);
    ca = PyMem_Malloc(((size_t)la + 1) * sizeof(Py_ssize_t));
    cb = PyMem_Malloc(((size_t)lb + 1) * sizeof(Py_ssize_t));
    if (ca == NULL || cb == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (encode(fa, fb, ca, cb, &ncodes) < 0 || lcs_codes(ca, la, cb, lb, ncodes, ao, bo, &runs) < 0)
        goto done;
    result = runs_list(&runs);
done:
    PyMem_Free(ca);
    PyMem_Free(cb);
    PyMem_Free(runs.items);
    Py_XDECREF(fa);
    Py_XDECREF(fb);
    return result;
}
