/*
 * overlap_counts(ids, lengths, k) -> (inter: bytearray, sizes: bytearray)
 *
 * align._overlap_counts_py in C. Paragraphs are consecutive runs of `ids` (int64 word
 * ids, INT64_MIN excepted: it stands for "no second word"), of the given `lengths`
 * (int64); the first k are old, the rest new. A paragraph's shingles are its distinct
 * words and distinct pairs of adjacent words. Shingles found in more than
 * max(10, n // 5) paragraphs are left out. Returns, as float64 arrays in bytearrays,
 * inter[o, c] (k x (n - k), row-major): the shingles old paragraph o shares with new
 * paragraph c, and sizes[p] (n): each paragraph's shingle count.
 */
#include "speedups.h"

typedef struct {
    int64_t first, second;  /* a word: (id, INT64_MIN); a pair of words: (id1, id2) */
} Shingle;

/* Dense number of a shingle, numbered on first sight. The open-addressing table holds
   only numbers (-1: empty), small enough to stay in cache; the keys are in `keys`. */
static Py_ssize_t
shingle_index(int32_t *table, size_t mask, Shingle *keys, Py_ssize_t *count,
              int64_t first, int64_t second)
{
    size_t h = (size_t)mix64((uint64_t)first * 0x9e3779b97f4a7c15ULL ^ (uint64_t)second);
    for (size_t at = h & mask;; at = (at + 1) & mask) {
        int32_t index = table[at];
        if (index < 0) {
            keys[*count].first = first;
            keys[*count].second = second;
            table[at] = (int32_t)*count;
            return (*count)++;
        }
        if (keys[index].first == first && keys[index].second == second)
            return index;
    }
}

PyObject *
overlap_counts(PyObject *module, PyObject *args)
{
    Py_buffer ids_buf, len_buf;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "y*y*n:overlap_counts", &ids_buf, &len_buf, &k))
        return NULL;
    PyObject *inter_obj = NULL, *sizes_obj = NULL, *result = NULL;
    int32_t *table = NULL;
    Shingle *keys = NULL;
    Py_ssize_t *last = NULL, *df = NULL, *plist = NULL, *pstart = NULL;
    Py_ssize_t *post_start = NULL, *post = NULL;
    const int64_t *ids = ids_buf.buf, *lengths = len_buf.buf;
    Py_ssize_t total = ids_buf.len / 8, n = len_buf.len / 8;
    if (ids_buf.len % 8 || len_buf.len % 8 || k < 0 || k > n) {
        PyErr_SetString(PyExc_ValueError, "overlap_counts: int64 buffers and 0 <= k <= n");
        goto done;
    }
    Py_ssize_t sum = 0;
    for (Py_ssize_t p = 0; p < n; p++) {
        if (lengths[p] < 0 || lengths[p] > total - sum) {
            PyErr_SetString(PyExc_ValueError, "overlap_counts: lengths do not fit ids");
            goto done;
        }
        sum += lengths[p];
    }
    if (sum != total) {
        PyErr_SetString(PyExc_ValueError, "overlap_counts: lengths do not add up to ids");
        goto done;
    }
    Py_ssize_t cols = n - k;
    inter_obj = PyByteArray_FromStringAndSize(NULL, k * cols * (Py_ssize_t)sizeof(double));
    sizes_obj = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(double));
    if (inter_obj == NULL || sizes_obj == NULL)
        goto done;
    double *inter = (double *)PyByteArray_AS_STRING(inter_obj);
    double *sizes = (double *)PyByteArray_AS_STRING(sizes_obj);
    memset(inter, 0, (size_t)(k * cols) * sizeof(double));
    memset(sizes, 0, (size_t)n * sizeof(double));

    /* 1. Each paragraph's distinct shingles, numbered densely, and their paragraph
          counts (df). At most 2 * total shingles in all. */
    if (total > INT32_MAX / 4) {
        PyErr_SetString(PyExc_OverflowError, "overlap_counts: too many words");
        goto done;
    }
    size_t capacity = 16;
    while (capacity < (size_t)(4 * total + 16))  /* load factor at most 1/2 */
        capacity <<= 1;
    table = PyMem_Malloc(capacity * sizeof(int32_t));
    keys = PyMem_Malloc((size_t)(2 * total + 1) * sizeof(Shingle));
    last = PyMem_Malloc((size_t)(2 * total + 1) * sizeof(Py_ssize_t));
    df = PyMem_Calloc((size_t)(2 * total + 1), sizeof(Py_ssize_t));
    plist = PyMem_Malloc((size_t)(2 * total + 1) * sizeof(Py_ssize_t));
    pstart = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (!table || !keys || !last || !df || !plist || !pstart) {
        PyErr_NoMemory();
        goto done;
    }
    memset(table, 0xff, capacity * sizeof(int32_t));
    Py_ssize_t nshingles = 0, filled = 0, at = 0;
    for (Py_ssize_t p = 0; p < n; p++) {
        pstart[p] = filled;
        for (Py_ssize_t t = 0; t < lengths[p]; t++) {
            for (int pair = 0; pair < 2; pair++) {
                if (pair && t + 1 >= lengths[p])
                    break;
                int64_t second = pair ? ids[at + t + 1] : INT64_MIN;
                Py_ssize_t before = nshingles;
                Py_ssize_t s = shingle_index(table, capacity - 1, keys, &nshingles,
                                             ids[at + t], second);
                if (s == before)
                    last[s] = -1;
                if (last[s] != p) {
                    last[s] = p;
                    df[s]++;
                    plist[filled++] = s;
                }
            }
        }
        at += lengths[p];
    }
    pstart[n] = filled;

    /* 2. Sizes, and the new paragraphs holding each kept shingle (CSR). */
    Py_ssize_t limit = n / 5 > 10 ? n / 5 : 10;
    post_start = PyMem_Calloc((size_t)nshingles + 1, sizeof(Py_ssize_t));
    post = PyMem_Malloc((size_t)(filled + 1) * sizeof(Py_ssize_t));
    if (!post_start || !post) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t p = 0; p < n; p++) {
        Py_ssize_t kept = 0;
        for (Py_ssize_t q = pstart[p]; q < pstart[p + 1]; q++) {
            Py_ssize_t s = plist[q];
            if (df[s] <= limit) {
                kept++;
                if (p >= k)
                    post_start[s + 1]++;
            }
        }
        sizes[p] = (double)kept;
    }
    for (Py_ssize_t s = 0; s < nshingles; s++)
        post_start[s + 1] += post_start[s];
    memcpy(last, post_start, (size_t)nshingles * sizeof(Py_ssize_t));  /* fill pointers */
    for (Py_ssize_t p = k; p < n; p++)
        for (Py_ssize_t q = pstart[p]; q < pstart[p + 1]; q++) {
            Py_ssize_t s = plist[q];
            if (df[s] <= limit)
                post[last[s]++] = p - k;
        }

    /* 3. inter[o, c] += 1 for each kept shingle of o held by c. */
    for (Py_ssize_t o = 0; o < k; o++) {
        double *row = inter + o * cols;
        for (Py_ssize_t q = pstart[o]; q < pstart[o + 1]; q++) {
            Py_ssize_t s = plist[q];
            if (df[s] > limit)
                continue;
            for (Py_ssize_t r = post_start[s]; r < post_start[s + 1]; r++)
                row[post[r]] += 1.0;
        }
    }
    result = PyTuple_Pack(2, inter_obj, sizes_obj);
done:
    PyMem_Free(table);
    PyMem_Free(keys);
    PyMem_Free(last);
    PyMem_Free(df);
    PyMem_Free(plist);
    PyMem_Free(pstart);
    PyMem_Free(post_start);
    PyMem_Free(post);
    Py_XDECREF(inter_obj);
    Py_XDECREF(sizes_obj);
    PyBuffer_Release(&ids_buf);
    PyBuffer_Release(&len_buf);
    return result;
}
