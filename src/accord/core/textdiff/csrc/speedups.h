/*
 * accord.core.textdiff._speedups: C versions of the redline's inner loops.
 *
 * Every function returns exactly what its pure-Python twin returns; the tests compare
 * the two on random inputs. The module is optional: when it cannot be built (no C
 * compiler), the Python versions run instead (accord.core.textdiff.speedups).
 *
 * No numpy headers: arrays come in through the buffer protocol and go out as
 * bytearrays that numpy wraps without copying.
 */
#ifndef ACCORD_SPEEDUPS_H
#define ACCORD_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t word_t;

/* A matching run: a[i:i+n] == b[j:j+n]. */
typedef struct {
    Py_ssize_t i, j, n;
} Run;

/* Growable arrays (free `items` with PyMem_Free). */
typedef struct {
    Run *items;
    Py_ssize_t len, cap;
} Runs;

typedef struct {
    int64_t *items;
    Py_ssize_t len, cap;
} Int64s;

/* Room for one more item of `size` bytes in *items (len used of *cap), doubling the
   capacity when full; -1 with MemoryError when it cannot. */
int make_room(void **items, Py_ssize_t len, Py_ssize_t *cap, size_t size);

static inline int
int64s_push(Int64s *a, int64_t x)
{
    if (make_room((void **)&a->items, a->len, &a->cap, sizeof(int64_t)) < 0)
        return -1;
    a->items[a->len++] = x;
    return 0;
}

/* splitmix64's finaliser: spreads the bits of a 64-bit key for hashing. */
static inline uint64_t
mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Appends a run; -1 with MemoryError when it cannot. */
int runs_push(Runs *runs, Py_ssize_t i, Py_ssize_t j, Py_ssize_t n);

/* A longest common subsequence of two code arrays (codes of b absent from a are -1;
   codes of a are 0 .. ncodes - 1), by lcs._direct_py's bit-parallel recurrence and
   traceback. Appends its runs, in order, shifted by (ao, bo). 0, or -1 with an
   exception set. */
int lcs_codes(const Py_ssize_t *ca, Py_ssize_t la, const Py_ssize_t *cb, Py_ssize_t lb,
              Py_ssize_t ncodes, Py_ssize_t ao, Py_ssize_t bo, Runs *out);

PyObject *lcs_direct(PyObject *module, PyObject *args);
PyObject *unit_blocks(PyObject *module, PyObject *args);
PyObject *overlap_counts(PyObject *module, PyObject *args);
PyObject *word_ids(PyObject *module, PyObject *args);

#endif
