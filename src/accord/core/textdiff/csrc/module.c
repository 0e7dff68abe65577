/* The module: accord.core.textdiff._speedups (see speedups.h). */
#include "speedups.h"

static PyMethodDef methods[] = {
    {"lcs_direct", lcs_direct, METH_VARARGS,
     "lcs_direct(a, b, ao=0, bo=0) -> list of (ao + i, bo + j, n): an LCS as runs."},
    {"unit_blocks", unit_blocks, METH_VARARGS,
     "unit_blocks(a, a_lo, a_hi, b, b_lo, b_hi, direct_limit) -> list of (a1, a2, b1, b2)"
     " | None: the word diff's matching runs as character ranges."},
    {"overlap_counts", overlap_counts, METH_VARARGS,
     "overlap_counts(ids, lengths, k) -> (inter, sizes): shared shingle counts."},
    {"word_ids", word_ids, METH_VARARGS,
     "word_ids(texts, split_piece) -> (ids, lengths): case-folded word ids of texts."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_speedups",
    .m_doc = "C versions of the redline's inner loops (optional; same results as the Python ones).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
