/*
 * word_ids(texts, split_piece) -> (ids: bytearray, lengths: bytearray)
 *
 * The case-folded \w+ words of each text as int64 ids (equal words, equal ids, the
 * same across texts) and each text's word count, as align._word_ids_py gets them:
 * a text is cut into pieces at ASCII characters other than letters, digits and "_";
 * an all-ASCII piece is one word, lower-cased; a piece holding other characters is
 * handed to split_piece (Python: casefold, then \w+), whose words are taken as given.
 * Words are compared by their UTF-8 bytes.
 */
#include "speedups.h"

typedef struct {
    char *arena;              /* the distinct words' bytes, one after another */
    Py_ssize_t arena_len, arena_cap;
    Py_ssize_t *start, *len;  /* each distinct word's place in the arena */
    int32_t *table;           /* open addressing: word number, -1 when empty */
    size_t mask;
    Py_ssize_t count, cap;
} Vocab;

static int
is_ascii_word(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static uint64_t
hash_bytes(const char *p, Py_ssize_t n)  /* FNV-1a */
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return mix64(h);
}

static int
vocab_grow(Vocab *v)
{
    size_t capacity = (v->mask + 1) * 2;
    int32_t *table = PyMem_Malloc(capacity * sizeof(int32_t));
    Py_ssize_t cap = v->cap * 2;
    Py_ssize_t *start = PyMem_Realloc(v->start, (size_t)cap * sizeof(Py_ssize_t));
    if (start != NULL)
        v->start = start;
    Py_ssize_t *len = PyMem_Realloc(v->len, (size_t)cap * sizeof(Py_ssize_t));
    if (len != NULL)
        v->len = len;
    if (table == NULL || start == NULL || len == NULL) {
        PyMem_Free(table);
        PyErr_NoMemory();
        return -1;
    }
    memset(table, 0xff, capacity * sizeof(int32_t));
    for (Py_ssize_t w = 0; w < v->count; w++) {
        size_t at = hash_bytes(v->arena + v->start[w], v->len[w]) & (capacity - 1);
        while (table[at] >= 0)
            at = (at + 1) & (capacity - 1);
        table[at] = (int32_t)w;
    }
    PyMem_Free(v->table);
    v->table = table;
    v->mask = capacity - 1;
    v->cap = cap;
    return 0;
}

/* The number of word p[0:n], numbered on first sight; -1 on error. */
static Py_ssize_t
vocab_id(Vocab *v, const char *p, Py_ssize_t n)
{
    if (v->count >= v->cap || v->count > INT32_MAX - 1) {
        if (v->count > INT32_MAX - 1) {
            PyErr_SetString(PyExc_OverflowError, "word_ids: too many distinct words");
            return -1;
        }
        if (vocab_grow(v) < 0)
            return -1;
    }
    size_t at = hash_bytes(p, n) & v->mask;
    for (;; at = (at + 1) & v->mask) {
        int32_t w = v->table[at];
        if (w < 0)
            break;
        if (v->len[w] == n && memcmp(v->arena + v->start[w], p, (size_t)n) == 0)
            return w;
    }
    if (v->arena_len + n > v->arena_cap) {
        Py_ssize_t cap = (v->arena_cap + n) * 2;
        char *arena = PyMem_Realloc(v->arena, (size_t)cap);
        if (arena == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        v->arena = arena;
        v->arena_cap = cap;
    }
    memcpy(v->arena + v->arena_len, p, (size_t)n);
    v->start[v->count] = v->arena_len;
    v->len[v->count] = n;
    v->arena_len += n;
    v->table[at] = (int32_t)v->count;
    return v->count++;
}

/* Words of text[s:e], a piece with non-ASCII characters, through split_piece. */
static int
piece_words(PyObject *text, Py_ssize_t s, Py_ssize_t e, PyObject *split_piece, Vocab *v,
            Int64s *ids, Py_ssize_t *count)
{
    PyObject *piece = PyUnicode_Substring(text, s, e);
    if (piece == NULL)
        return -1;
    PyObject *words = PyObject_CallOneArg(split_piece, piece);
    Py_DECREF(piece);
    if (words == NULL)
        return -1;
    PyObject *fast = PySequence_Fast(words, "split_piece must return a sequence of str");
    Py_DECREF(words);
    if (fast == NULL)
        return -1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        Py_ssize_t n;
        const char *utf8 = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(fast, i), &n);
        Py_ssize_t w = utf8 == NULL ? -1 : vocab_id(v, utf8, n);
        if (w < 0 || int64s_push(ids, w) < 0) {
            Py_DECREF(fast);
            return -1;
        }
        (*count)++;
    }
    Py_DECREF(fast);
    return 0;
}

PyObject *
word_ids(PyObject *module, PyObject *args)
{
    PyObject *texts, *split_piece;
    if (!PyArg_ParseTuple(args, "OO:word_ids", &texts, &split_piece))
        return NULL;
    PyObject *fast = PySequence_Fast(texts, "word_ids: texts must be a sequence of str");
    if (fast == NULL)
        return NULL;
    Py_ssize_t ntexts = PySequence_Fast_GET_SIZE(fast);
    Vocab v = {0};
    Int64s ids = {0};
    PyObject *ids_obj = NULL, *len_obj = NULL, *result = NULL;
    char *word = NULL;
    Py_ssize_t word_cap = 0;
    v.cap = 256;
    v.mask = 511;
    v.start = PyMem_Malloc((size_t)v.cap * sizeof(Py_ssize_t));
    v.len = PyMem_Malloc((size_t)v.cap * sizeof(Py_ssize_t));
    v.table = PyMem_Malloc((v.mask + 1) * sizeof(int32_t));
    len_obj = PyByteArray_FromStringAndSize(NULL, ntexts * (Py_ssize_t)sizeof(int64_t));
    if (v.start == NULL || v.len == NULL || v.table == NULL || len_obj == NULL) {
        if (len_obj != NULL)
            PyErr_NoMemory();
        goto done;
    }
    memset(v.table, 0xff, (v.mask + 1) * sizeof(int32_t));
    int64_t *lengths = (int64_t *)PyByteArray_AS_STRING(len_obj);
    for (Py_ssize_t t = 0; t < ntexts; t++) {
        PyObject *text = PySequence_Fast_GET_ITEM(fast, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "word_ids: texts must be str");
            goto done;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = 0, i = 0;
        if (n > word_cap) {
            PyMem_Free(word);
            word_cap = n;
            word = PyMem_Malloc((size_t)word_cap);
            if (word == NULL) {
                PyErr_NoMemory();
                goto done;
            }
        }
        while (i < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 128 && !is_ascii_word(c)) {
                i++;
                continue;
            }
            Py_ssize_t s = i, len = 0;
            int ascii = 1;
            for (; i < n; i++) {
                c = PyUnicode_READ(kind, data, i);
                if (c < 128) {
                    if (!is_ascii_word(c))
                        break;
                    word[len++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
                }
                else {
                    ascii = 0;
                }
            }
            if (ascii) {
                Py_ssize_t w = vocab_id(&v, word, len);
                if (w < 0 || int64s_push(&ids, w) < 0)
                    goto done;
                count++;
            }
            else if (piece_words(text, s, i, split_piece, &v, &ids, &count) < 0) {
                goto done;
            }
        }
        lengths[t] = count;
    }
    ids_obj = PyByteArray_FromStringAndSize((const char *)ids.items,
                                            ids.len * (Py_ssize_t)sizeof(int64_t));
    if (ids_obj != NULL)
        result = PyTuple_Pack(2, ids_obj, len_obj);
done:
    PyMem_Free(v.arena);
    PyMem_Free(v.start);
    PyMem_Free(v.len);
    PyMem_Free(v.table);
    PyMem_Free(ids.items);
    PyMem_Free(word);
    Py_XDECREF(ids_obj);
    Py_XDECREF(len_obj);
    Py_DECREF(fast);
    return result;
}
