/*
 * The physical reference for vk bench: socket()+close() on this machine's kernel.
 *   linux_socket_bench FAMILY TYPE WARMUP ITERS THREADS SECONDS
 * prints key=value lines: latency of one thread (ns), then throughput of THREADS
 * threads (pthreads of one process, sharing its fd table) for SECONDS.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int family, type;
static volatile int stop;

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static long long pct(long long *v, long n, double p) {
	long rank = (long)(p / 100.0 * n + 0.999999999);
	if (rank < 1) rank = 1;
	if (rank > n) rank = n;
	return v[rank - 1];
}

static int one(void) {
	int fd = socket(family, type, 0);
	if (fd < 0) return -1;
	return close(fd);
}

static void *worker(void *arg) {
	long long *count = arg;
	while (!stop) {
		if (one() < 0) { perror("socket"); exit(1); }
		(*count)++;
	}
	return NULL;
}

int main(int argc, char **argv) {
	if (argc != 7) {
		fprintf(stderr, "usage: %s FAMILY TYPE WARMUP ITERS THREADS SECONDS\n", argv[0]);
		return 2;
	}
	family = atoi(argv[1]);
	type = atoi(argv[2]);
	long warmup = atol(argv[3]), iters = atol(argv[4]);
	int threads = atoi(argv[5]);
	double seconds = atof(argv[6]);
	for (long i = 0; i < warmup; i++)
		if (one() < 0) { perror("socket"); return 1; }
	long long *lat = malloc(sizeof(long long) * iters);
	double sum = 0;
	for (long i = 0; i < iters; i++) {
		long long t0 = now_ns();
		if (one() < 0) { perror("socket"); return 1; }
		lat[i] = now_ns() - t0;
		sum += lat[i];
	}
	qsort(lat, iters, sizeof(long long), cmp);
	printf("latency_count=%ld\nlatency_mean_ns=%.1f\nlatency_min_ns=%lld\nlatency_p50_ns=%lld\n"
	       "latency_p90_ns=%lld\nlatency_p99_ns=%lld\nlatency_p999_ns=%lld\nlatency_max_ns=%lld\n",
	       iters, sum / iters, lat[0], pct(lat, iters, 50), pct(lat, iters, 90), pct(lat, iters, 99),
	       pct(lat, iters, 99.9), lat[iters - 1]);
	pthread_t *tid = calloc(threads, sizeof(pthread_t));
	long long *counts = calloc(threads, sizeof(long long));
	long long t0 = now_ns();
	for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, worker, &counts[i]);
	struct timespec d = { (time_t)seconds, (long)((seconds - (long)seconds) * 1e9) };
	nanosleep(&d, NULL);
	stop = 1;
	long long total = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		total += counts[i];
	}
	double elapsed = (now_ns() - t0) / 1e9;
	printf("throughput_threads=%d\nthroughput_ops=%lld\nthroughput_seconds=%.3f\nthroughput_ops_per_s=%.1f\n",
	       threads, total, elapsed, total / elapsed);
	return 0;
}
