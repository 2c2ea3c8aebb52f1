// The memory probe behind "Missions at the scale of Loihi" in Docs/performance.md: the sparse sums of one matrix of
// the Loihi-class chip (131,072 targets, 100 random sources each, each row's sources increasing, 16 inputs per
// source packed side by side: 128 bytes a term), as plainly as C allows, to tell the cost of the random reads from
// the cost of the code around them.
//
//   cc -O3 -march=native -fopenmp -o /tmp/sparse_gathers Benchmarks/c/sparse_gathers.c
//   OMP_NUM_THREADS=1 U=131072 /tmp/sparse_gathers P R REPS [PREFETCH]
//
// U (environment, default 131,072): source units, so the working set is U x 128 bytes. P = 1: each target's row
// summed term by term; P > 1: propagation blocking, the sources cut into P ranges and every target of a chunk of R
// summed range by range (the same terms in the same order, since each row's sources increase, so the same bits).
// PREFETCH > 0: the source PREFETCH terms ahead is prefetched (P = 1 only). HP (environment): ask for 2 MiB pages.
// Prints the best of REPS passes in milliseconds, nanoseconds per term, and a checksum that every P must repeat.
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define W 16

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static unsigned long long state = 88172645463325252ULL;
static unsigned long long next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int ascending(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: sparse_gathers P R REPS [PREFETCH]\n");
        return 2;
    }
    int U = getenv("U") ? atoi(getenv("U")) : 131072, T = 131072, K = 100;
    int P = atoi(argv[1]), R = atoi(argv[2]), reps = atoi(argv[3]), ahead = argc > 4 ? atoi(argv[4]) : 0;
    if (U < 1 || P < 1 || (P > 1 && R < 1) || reps < 1 || ahead < 0) {
        fprintf(stderr, "sparse_gathers: U, P, REPS must be at least 1, R too when P > 1\n");
        return 2;
    }
    size_t bytes = ((size_t)U * W * 8 + (1 << 21) - 1) / (1 << 21) * (1 << 21);
    double *src = aligned_alloc(1 << 21, bytes);
    if (getenv("HP")) madvise(src, bytes, MADV_HUGEPAGE);
    for (size_t i = 0; i < (size_t)U * W; i++) src[i] = (next() % 1000) / 1000.0;
    int *S = malloc(((size_t)T * K + ahead) * 4), *start = malloc((T + 1) * 4);
    double *Wt = malloc((size_t)T * K * 8), *out = aligned_alloc(64, (size_t)T * W * 8);
    for (int t = 0; t < T; t++) {
        start[t] = t * K;
        for (int j = 0; j < K; j++) {
            S[t * K + j] = next() % U;
            Wt[t * K + j] = (next() % 1000) / 1000.0 - 0.5;
        }
        qsort(S + t * K, K, 4, ascending);
    }
    start[T] = T * K;
    for (int j = 0; j < ahead; j++) S[T * K + j] = 0;
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        if (P == 1) {
#pragma omp parallel for schedule(static, 2048)
            for (int t = 0; t < T; t++) {
                double acc[W];
                for (int i = 0; i < W; i++) acc[i] = 0.1;
                for (int k = start[t]; k < start[t + 1]; k++) {
                    if (ahead) {
                        const double *q = src + (size_t)S[k + ahead] * W;
                        __builtin_prefetch(q);
                        __builtin_prefetch(q + 8);
                    }
                    double w = Wt[k];
                    const double *a = src + (size_t)S[k] * W;
                    for (int i = 0; i < W; i++) acc[i] += w * a[i];
                }
                for (int i = 0; i < W; i++) out[(size_t)t * W + i] = acc[i];
            }
        } else {
            int per = (U + P - 1) / P;
#pragma omp parallel
            {
                int *cursor = malloc(R * 4);
#pragma omp for schedule(static)
                for (int c0 = 0; c0 < T; c0 += R) {
                    int c1 = c0 + R < T ? c0 + R : T;
                    for (int t = c0; t < c1; t++) {
                        cursor[t - c0] = start[t];
                        for (int i = 0; i < W; i++) out[(size_t)t * W + i] = 0.1;
                    }
                    for (int p = 0; p < P; p++) {
                        int end = (p + 1) * per;
                        for (int t = c0; t < c1; t++) {
                            double *row = out + (size_t)t * W, acc[W];
                            for (int i = 0; i < W; i++) acc[i] = row[i];
                            int k = cursor[t - c0], e = start[t + 1];
                            for (; k < e && S[k] < end; k++) {
                                double w = Wt[k];
                                const double *a = src + (size_t)S[k] * W;
                                for (int i = 0; i < W; i++) acc[i] += w * a[i];
                            }
                            cursor[t - c0] = k;
                            for (int i = 0; i < W; i++) row[i] = acc[i];
                        }
                    }
                }
                free(cursor);
            }
        }
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    double sum = 0;
    for (size_t i = 0; i < (size_t)T * W; i++) sum += out[i];
    printf("U=%d P=%d R=%d prefetch=%d: best %.1f ms, %.2f ns a term, checksum %.6f\n", U, P, R, ahead, best * 1e3,
           best * 1e9 / ((double)T * K), sum);
    return 0;
}
