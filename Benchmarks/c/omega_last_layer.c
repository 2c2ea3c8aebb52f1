/*
 * omega_last_layer.c: the hand-tuned C program a performance-minded user would write instead of NeuroFail for the
 * paper's main campaign: exhaustive Omega over every set of f crashed neurons of the LAST hidden layer of a
 * neurofail.chip/1 chip (dense layers, relu or sigmoid), L-infinity deviation of the output scores.
 *
 * It is the yardstick of Docs/performance.md ("Against hand-tuned C"). What makes it fast:
 *   - the readout is linear, so crashing neurons S of the last hidden layer changes output k on input x by
 *     sum_{j in S} W_out[k][j] y_j(x): the contributions c[j][k] are computed once per input;
 *   - inputs go VL at a time through vector registers (VL = 8 with AVX-512, 4 with AVX2), the prefix sum of all but
 *     the last crashed neuron stays in registers, so each run costs M adds, M absolute values and M maxima;
 *   - blocks of inputs are spread over threads with OpenMP; a block's contributions (N_L * M * VL doubles) stay in L1;
 *   - the CSV is parsed by hand (Clinger's exact fast path: an integer mantissa below 2^53 divided by an exact power
 *     of ten; strtod otherwise), so the bytes give the same doubles as any correct reader.
 *
 * Build (GCC or Clang):  cc -O3 -march=native -fopenmp -o omega_last_layer omega_last_layer.c -lm
 * Run:                   ./omega_last_layer CHIP.json F INPUTS.csv [THREADS]
 * Prints one JSON line with the statistics neurofail omega --json prints (omegaAverage, omegaMaxAverage = the mean
 * over inputs of the max over sets, omegaMax, omegaStd) and the campaign's time and rate.
 */
#include <ctype.h>
#include <immintrin.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__AVX512F__)
#define VL 8
#else
#define VL 4
#endif
typedef double vd __attribute__((vector_size(VL * 8)));

static void die(const char *message, const char *detail) {
    fprintf(stderr, "omega_last_layer: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static char *slurp(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) die("cannot read", path);
    fclose(f);
    text[n] = 0;
    *length = (size_t)n;
    return text;
}

/* ---- A minimal JSON reader: just enough for neurofail.chip/1. ---- */

typedef struct Json {
    enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } kind;
    double number;
    char *string;          /* J_STRING; also the key of an object member */
    struct Json *items;    /* J_ARRAY, J_OBJECT */
    char **keys;           /* J_OBJECT */
    int count;
} Json;

static const char *skip(const char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    return p;
}

static const char *parse_value(const char *p, Json *out);

static const char *parse_string(const char *p, char **out) {
    if (*p != '"') die("malformed chip JSON", "expected a string");
    const char *start = ++p;
    while (*p && *p != '"') p += (*p == '\\' && p[1]) ? 2 : 1;
    if (!*p) die("malformed chip JSON", "unterminated string");
    size_t n = (size_t)(p - start);
    *out = malloc(n + 1);
    memcpy(*out, start, n);
    (*out)[n] = 0;
    return p + 1;
}

static const char *parse_value(const char *p, Json *out) {
    p = skip(p);
    memset(out, 0, sizeof *out);
    if (*p == '{' || *p == '[') {
        int object = *p == '{';
        out->kind = object ? J_OBJECT : J_ARRAY;
        int capacity = 8;
        out->items = malloc(sizeof(Json) * capacity);
        if (object) out->keys = malloc(sizeof(char *) * capacity);
        p = skip(p + 1);
        if (*p == (object ? '}' : ']')) return p + 1;
        for (;;) {
            if (out->count == capacity) {
                capacity *= 2;
                out->items = realloc(out->items, sizeof(Json) * capacity);
                if (object) out->keys = realloc(out->keys, sizeof(char *) * capacity);
            }
            if (object) {
                p = parse_string(skip(p), &out->keys[out->count]);
                p = skip(p);
                if (*p != ':') die("malformed chip JSON", "expected ':'");
                p++;
            }
            p = skip(parse_value(p, &out->items[out->count++]));
            if (*p == ',') { p++; continue; }
            if (*p == (object ? '}' : ']')) return p + 1;
            die("malformed chip JSON", "expected ',' or a closing bracket");
        }
    }
    if (*p == '"') { out->kind = J_STRING; return parse_string(p, &out->string); }
    if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) { out->kind = J_BOOL; return p + (*p == 't' ? 4 : 5); }
    if (!strncmp(p, "null", 4)) { out->kind = J_NULL; return p + 4; }
    char *end;
    out->kind = J_NUMBER;
    out->number = strtod(p, &end);
    if (end == p) die("malformed chip JSON", "expected a value");
    return end;
}

static Json *member(Json *object, const char *key) {
    if (!object || object->kind != J_OBJECT) return NULL;
    for (int i = 0; i < object->count; i++)
        if (!strcmp(object->keys[i], key)) return &object->items[i];
    return NULL;
}

static Json *require(Json *object, const char *key) {
    Json *value = member(object, key);
    if (!value) die("chip JSON lacks the field", key);
    return value;
}

/* A weight matrix [rows][cols] (or a bias [rows], cols = 1) into a fresh row-major array. */
static double *numbers(Json *array, int rows, int cols, const char *field) {
    if (array->kind != J_ARRAY || array->count != rows) die("wrong length of", field);
    double *values = malloc(sizeof(double) * (size_t)rows * (size_t)cols);
    for (int r = 0; r < rows; r++) {
        Json *row = &array->items[r];
        if (cols == 1 && row->kind == J_NUMBER) { values[r] = row->number; continue; }
        if (row->kind != J_ARRAY || row->count != cols) die("wrong row length in", field);
        for (int c = 0; c < cols; c++) values[(size_t)r * cols + c] = row->items[c].number;
    }
    return values;
}

typedef struct { int in, out; double *w, *b; int sigmoid; double k; } Layer;

/* ---- CSV: Clinger's fast path, strtod beyond it. ---- */

static const double powers[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static const char *parse_number(const char *p, double *out) {
    const char *start = p;
    int negative = *p == '-';
    if (*p == '-' || *p == '+') p++;
    uint64_t mantissa = 0;
    int digits = 0, fraction = 0;
    while (isdigit((unsigned char)*p)) { mantissa = mantissa * 10 + (uint64_t)(*p++ - '0'); digits++; }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) { mantissa = mantissa * 10 + (uint64_t)(*p++ - '0'); digits++; fraction++; }
    }
    if (digits == 0) die("not a number in the inputs near", start);
    if (*p == 'e' || *p == 'E' || digits > 19 || mantissa > (1ULL << 53) || fraction > 22) {
        char *end;
        *out = strtod(start, &end);
        return end;
    }
    double value = (double)mantissa / powers[fraction];
    *out = negative ? -value : value;
    return p;
}

static double *read_inputs(const char *path, int dimension, int *count) {
    size_t length;
    char *text = slurp(path, &length);
    const char *p = text;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) p += 3;
    int lines = 0;
    for (const char *q = p; *q; q++) lines += *q == '\n';
    lines += 1;
    double *x = malloc(sizeof(double) * (size_t)lines * (size_t)dimension);
    int n = 0;
    while (*p) {
        while (*p == '\r' || *p == '\n') p++;
        if (!*p) break;
        for (int d = 0; d < dimension; d++) {
            while (*p == ' ') p++;
            p = parse_number(p, &x[(size_t)n * dimension + d]);
            while (*p == ' ') p++;
            if (d + 1 < dimension) {
                if (*p != ',') die("too few numbers on a line of", path);
                p++;
            }
        }
        if (*p != '\n' && *p != '\r' && *p) die("too many numbers on a line of", path);
        n++;
    }
    free(text);
    *count = n;
    return x;
}

/* ---- The campaign. ---- */

typedef int64_t vi __attribute__((vector_size(VL * 8)));

/* |v|: clear the sign bits. */
static inline vd vabs(vd v) {
    vi magnitude = (vi){0} + 0x7FFFFFFFFFFFFFFFLL;
    return (vd)((vi)v & magnitude);
}

/* max(a, b): one vmaxpd. */
static inline vd vmax(vd a, vd b) {
#if VL == 8
    return (vd)_mm512_max_pd((__m512d)a, (__m512d)b);
#else
    return (vd)_mm256_max_pd((__m256d)a, (__m256d)b);
#endif
}

typedef struct { vd sum, squares, top; } Lanes;

/* The innermost loop: every last index of a set whose first f - 1 neurons sum to `prefix` (in registers).
 * M is a compile-time constant at the call sites that matter, so `p` and `t` live in registers. */
static inline __attribute__((always_inline)) void leaves(
    const vd *restrict c, int M, int from, int width, const vd *restrict prefix, Lanes *lanes) {
    vd p[M];
    for (int k = 0; k < M; k++) p[k] = prefix[k];
    vd sum = lanes->sum, squares = lanes->squares, top = lanes->top;
    for (int j = from; j < width; j++) {
        const vd *row = c + (size_t)j * M;
        vd deviation = vabs(p[0] + row[0]);
        for (int k = 1; k < M; k++) deviation = vmax(deviation, vabs(p[k] + row[k]));
        sum += deviation;
        squares += deviation * deviation;
        top = vmax(top, deviation);
    }
    lanes->sum = sum; lanes->squares = squares; lanes->top = top;
}

/* Every f-subset {a_0 < ... < a_(f-1)} of 0..width-1 in lexicographic order; prefix[d] holds the sum of the first d
 * neurons' contributions. */
static void subsets(const vd *c, int M, int width, int f, int depth, int from, vd *prefix, Lanes *lanes) {
    vd *here = prefix + (size_t)depth * M;
    if (depth == f - 1) {
        switch (M) {
        case 10: leaves(c, 10, from, width, here, lanes); break;
        case 2: leaves(c, 2, from, width, here, lanes); break;
        case 1: leaves(c, 1, from, width, here, lanes); break;
        default: leaves(c, M, from, width, here, lanes); break;
        }
        return;
    }
    vd *next = here + M;
    for (int j = from; j <= width - (f - depth); j++) {
        const vd *row = c + (size_t)j * M;
        for (int k = 0; k < M; k++) next[k] = here[k] + row[k];
        subsets(c, M, width, f, depth + 1, j + 1, prefix, lanes);
    }
}

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
}

int main(int argc, char **argv) {
    if (argc < 4) die("usage: omega_last_layer CHIP.json F INPUTS.csv [THREADS]", NULL);
    int f = atoi(argv[2]);
    if (argc > 4) omp_set_num_threads(atoi(argv[4]));

    size_t length;
    char *text = slurp(argv[1], &length);
    if (length >= 3 && (unsigned char)text[0] == 0xEF) text += 3;
    Json chip;
    parse_value(text, &chip);
    int inputs = (int)require(&chip, "inputs")->number;
    Json *activation = require(&chip, "activation");
    Json *layers_json = require(&chip, "layers");
    int depth = layers_json->count;
    Layer *layers = malloc(sizeof(Layer) * (depth + 1));
    int in = inputs;
    for (int l = 0; l <= depth; l++) {
        Json *layer = l < depth ? &layers_json->items[l] : require(&chip, "readout");
        Json *weights = require(layer, "weights");
        int out = weights->count;
        Json *own = member(layer, "activation");
        Json *act = own ? own : activation;
        layers[l] = (Layer){in, out, numbers(weights, out, in, "weights"), numbers(require(layer, "bias"), out, 1, "bias"),
                            !strcmp(require(act, "function")->string, "sigmoid"), require(act, "lipschitz")->number};
        in = out;
    }
    int width = layers[depth - 1].out, M = layers[depth].out;
    if (f < 1 || f > width) die("F must be between 1 and the last hidden layer's width", NULL);

    int m;
    double *x = read_inputs(argv[3], inputs, &m);
    int blocks = (m + VL - 1) / VL;

    double start = seconds_now();
    /* c[block][j][k] (VL lanes): W_out[k][j] * y_j for the block's inputs; padding lanes stay 0 and are not counted. */
    vd *c = aligned_alloc(64, sizeof(vd) * (size_t)blocks * width * M);
    int widest = inputs;
    for (int l = 0; l < depth; l++) if (layers[l].out > widest) widest = layers[l].out;
#pragma omp parallel
    {
        double *a = malloc(sizeof(double) * widest), *b = malloc(sizeof(double) * widest);
#pragma omp for schedule(static)
        for (int i = 0; i < blocks * VL; i++) {
            int block = i / VL, lane = i % VL;
            double *y = NULL;
            if (i < m) {
                memcpy(a, x + (size_t)i * inputs, sizeof(double) * inputs);
                for (int l = 0; l < depth; l++) {
                    const Layer *L = &layers[l];
                    for (int o = 0; o < L->out; o++) {
                        const double *w = L->w + (size_t)o * L->in;
                        double s = L->b[o];
                        for (int q = 0; q < L->in; q++) s += w[q] * a[q];
                        b[o] = L->sigmoid ? 1.0 / (1.0 + exp(-4.0 * L->k * s)) : L->k * (s > 0 ? s : 0);
                    }
                    double *t = a; a = b; b = t;
                }
                y = a;
            }
            for (int j = 0; j < width; j++)
                for (int k = 0; k < M; k++)
                    ((double *)&c[((size_t)block * width + j) * M + k])[lane] =
                        y ? layers[depth].w[(size_t)k * width + j] * y[j] : 0.0;
        }
        free(a); free(b);
    }

    double sum = 0, squares = 0, top = 0, maxSum = 0;
#pragma omp parallel reduction(+ : sum, squares, maxSum) reduction(max : top)
    {
        vd *prefix = aligned_alloc(64, sizeof(vd) * (size_t)(f + 1) * M);
#pragma omp for schedule(dynamic, 4)
        for (int block = 0; block < blocks; block++) {
            for (int k = 0; k < M; k++) prefix[k] = (vd){0};
            Lanes lanes = {{0}, {0}, {0}};
            subsets(c + (size_t)block * width * M, M, width, f, 0, 0, prefix, &lanes);
            int real = m - block * VL < VL ? m - block * VL : VL;
            for (int lane = 0; lane < real; lane++) {
                sum += lanes.sum[lane];
                squares += lanes.squares[lane];
                maxSum += lanes.top[lane];
                if (lanes.top[lane] > top) top = lanes.top[lane];
            }
        }
        free(prefix);
    }
    double seconds = seconds_now() - start;
    double sets = binomial(width, f), runs = sets * m;
    double average = sum / runs, variance = squares / runs - average * average;
    printf("{\"configurations\":%.0f,\"inputs\":%d,\"omegaAverage\":%.17g,\"omegaMaxAverage\":%.17g,\"omegaMax\":%.17g,"
           "\"omegaStd\":%.17g,\"seconds\":%.6f,\"runsPerSecond\":%.6g,\"lanes\":%d,\"threads\":%d}\n",
           sets, m, average, maxSum / m, top, sqrt(variance > 0 ? variance : 0), seconds, runs / seconds, VL,
           omp_get_max_threads());
    return 0;
}
