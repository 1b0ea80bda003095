/*
 * A population simulation and a sweep from C: a scenario as YAML text with dotted-key
 * overrides, epochs run one by one with their records, per-agent columns, the statuses of a
 * bad key, a refused value and a scenario too large for memory, and a sweep whose runs run
 * on two threads at once. Run by scripts/test-c-abi.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_economies.h"

#define CHECK(condition)                                                            \
    do {                                                                            \
        if (!(condition)) {                                                         \
            fprintf(stderr, "check failed at line %d: %s\n", __LINE__, #condition); \
            exit(1);                                                                \
        }                                                                           \
    } while (0)

static const char *scenario =
    "name: c-example\n"
    "agents: 500\n"
    "epochs: 3\n"
    "seed: 9\n"
    "auction: {resources: 4}\n"
    "population: {sybil_entities: 5, sybil_ring_size: 4}\n";

static int64_t column(const char *name) {
    for (int64_t index = 0; index < ae_simulation_column_count(); index++) {
        if (strcmp(ae_simulation_column_name(index), name) == 0) return index;
    }
    return -1;
}

static ae_sweep *sweep;

static void *run_half(void *argument) {
    int64_t first = *(const int64_t *)argument, runs = 0;
    char error[256];
    CHECK(ae_sweep_run_count(sweep, &runs, NULL, error, sizeof error) == AE_OK);
    for (int64_t index = first; index < runs; index += 2) {
        int32_t skipped = -1;
        double seconds = -1;
        CHECK(ae_sweep_run(sweep, index, 1, &skipped, &seconds, error, sizeof error) == AE_OK);
        CHECK(skipped == 0 && seconds >= 0);
    }
    return NULL;
}

int main(void) {
    char error[512];
    const int64_t columns = ae_simulation_column_count();
    CHECK(columns > 40 && strcmp(ae_simulation_column_name(0), "epoch") == 0);
    CHECK(ae_simulation_column_name(columns) == NULL && ae_simulation_column_name(-1) == NULL);

    const char *keys[] = {"missions.reward_distribution", "economy.adaptive"};
    const char *values[] = {"equal", "true"};
    ae_simulation *simulation = NULL;
    CHECK(ae_simulation_create(scenario, NULL, 2, keys, values, 2, &simulation, error, sizeof error) == AE_OK);
    ae_simulation_info info;
    CHECK(ae_simulation_get_info(simulation, &info, error, sizeof error) == AE_OK);
    CHECK(info.agents == 500 && info.epochs == 3 && info.epochs_run == 0 && info.seed == 9 && info.types == 4);

    double *record = malloc(sizeof(double) * (size_t)columns);
    int32_t ran = 0;
    CHECK(ae_simulation_run_epoch(simulation, columns - 1, record, &ran, error, sizeof error) == AE_ERROR_CAPACITY);
    int64_t epochs = 0;
    while (ae_simulation_run_epoch(simulation, columns, record, &ran, error, sizeof error) == AE_OK && ran) {
        epochs++;
        CHECK(record[0] == (double)epochs);
    }
    CHECK(epochs == 3 && ran == 0);

    int64_t rows = 0;
    CHECK(ae_simulation_records(simulation, 0, NULL, &rows, error, sizeof error) == AE_ERROR_CAPACITY && rows == 3);
    double *table = malloc(sizeof(double) * (size_t)(rows * columns));
    CHECK(ae_simulation_records(simulation, rows * columns, table, &rows, error, sizeof error) == AE_OK);
    const int64_t tokens = column("tokens_total");
    CHECK(tokens > 0 && table[2 * columns + tokens] == record[tokens]);

    double wallet[500];
    int32_t type[500], ring[500];
    CHECK(ae_simulation_agents(simulation, 499, type, wallet, NULL, NULL, ring, NULL, error, sizeof error) ==
          AE_ERROR_CAPACITY);
    CHECK(ae_simulation_agents(simulation, 500, type, wallet, NULL, NULL, ring, NULL, error, sizeof error) == AE_OK);
    double sum = 0;
    int members = 0;
    for (int agent = 0; agent < 500; agent++) {
        sum += wallet[agent];
        members += ring[agent] >= 0;
    }
    CHECK(fabs(sum - record[tokens]) <= 1e-9 * record[tokens] && members == 20);
    char name[16];
    CHECK(ae_simulation_type_name(simulation, 3, name, sizeof name, error, sizeof error) == AE_OK);
    CHECK(strcmp(name, "adversarial") == 0);
    CHECK(ae_simulation_type_name(simulation, 3, name, 4, error, sizeof error) == AE_ERROR_CAPACITY);
    CHECK(ae_simulation_destroy(simulation, error, sizeof error) == AE_OK);
    CHECK(ae_simulation_destroy(NULL, error, sizeof error) == AE_OK);
    free(table);
    free(record);

    /* Refusals: the message names the key. */
    const char *bad_key[] = {"identity.similarity_treshold"}, *half[] = {"0.5"};
    CHECK(ae_simulation_create(scenario, NULL, 1, bad_key, half, 0, &simulation, error, sizeof error) ==
          AE_ERROR_SCENARIO);
    CHECK(strstr(error, "identity.similarity_treshold") != NULL);
    const char *threshold[] = {"identity.similarity_threshold"}, *too_high[] = {"1.5"};
    CHECK(ae_simulation_create(scenario, NULL, 1, threshold, too_high, 0, &simulation, error, sizeof error) ==
          AE_ERROR_SCENARIO);
    const char *agents[] = {"agents"}, *trillion[] = {"1000000000000"};
    CHECK(ae_simulation_create(scenario, NULL, 1, agents, trillion, 0, &simulation, error, sizeof error) ==
          AE_ERROR_OUT_OF_MEMORY);
    CHECK(strstr(error, "GiB") != NULL);
    CHECK(ae_simulation_create(scenario, "also-a-path.yaml", 0, NULL, NULL, 0, &simulation, error, sizeof error) ==
          AE_ERROR_OUT_OF_RANGE);
    CHECK(ae_simulation_create(NULL, "/nonexistent/scenario.yaml", 0, NULL, NULL, 0, &simulation, error,
                               sizeof error) == AE_ERROR_IO);
    printf("simulation: %lld epochs of %lld columns, tokens %.1f conserved in the wallets; refusals name the key\n",
           (long long)epochs, (long long)columns, sum);

    /* A sweep: 2 settings x 3 seeds, runs split over two threads, then the tables. */
    char directory[] = "/tmp/ae-sweep-XXXXXX";
    CHECK(mkdtemp(directory) != NULL);
    char out[64];
    snprintf(out, sizeof out, "%s/sweep", directory);
    const char *axis_keys[] = {"identity.similarity_threshold"};
    const int64_t axis_counts[] = {2};
    const char *axis_values[] = {"0.6", "0.9"};
    CHECK(ae_sweep_create(scenario, NULL, 0, NULL, NULL, 1, axis_keys, axis_counts, axis_values, 3, 1, 40, out, 0,
                          &sweep, error, sizeof error) == AE_OK);
    CHECK(ae_sweep_finish(sweep, error, sizeof error) == AE_ERROR_IO);
    pthread_t threads[2];
    int64_t starts[2] = {0, 1};
    for (int t = 0; t < 2; t++) CHECK(pthread_create(&threads[t], NULL, run_half, &starts[t]) == 0);
    for (int t = 0; t < 2; t++) CHECK(pthread_join(threads[t], NULL) == 0);
    char run_name[32], text[256];
    CHECK(ae_sweep_run_describe(sweep, 4, run_name, sizeof run_name, text, sizeof text, error, sizeof error) ==
          AE_OK);
    CHECK(strcmp(run_name, "s0001-seed41") == 0 && strstr(text, "identity.similarity_threshold=0.9") != NULL);
    CHECK(ae_sweep_run(sweep, 6, 1, NULL, NULL, error, sizeof error) == AE_ERROR_OUT_OF_RANGE);
    CHECK(ae_sweep_finish(sweep, error, sizeof error) == AE_OK);
    CHECK(ae_sweep_destroy(sweep, error, sizeof error) == AE_OK);
    char path[96];
    snprintf(path, sizeof path, "%s/summary.csv", out);
    FILE *file = fopen(path, "r");
    CHECK(file != NULL);
    int lines = 0;
    for (int c = fgetc(file); c != EOF; c = fgetc(file)) lines += c == '\n';
    fclose(file);
    CHECK(lines == 3);
    /* The same directory again without resume is refused; with resume every run is complete. */
    CHECK(ae_sweep_create(scenario, NULL, 0, NULL, NULL, 1, axis_keys, axis_counts, axis_values, 3, 1, 40, out, 0,
                          &sweep, error, sizeof error) == AE_ERROR_IO);
    CHECK(ae_sweep_create(scenario, NULL, 0, NULL, NULL, 1, axis_keys, axis_counts, axis_values, 3, 1, 40, out, 1,
                          &sweep, error, sizeof error) == AE_OK);
    int64_t runs = 0, complete = 0;
    CHECK(ae_sweep_run_count(sweep, &runs, &complete, error, sizeof error) == AE_OK && runs == 6 && complete == 6);
    CHECK(ae_sweep_destroy(sweep, error, sizeof error) == AE_OK);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", directory);
    CHECK(system(command) == 0);
    printf("sweep: 2 settings x 3 seeds on two threads, summary.csv of %d lines, resume finds all complete\n", lines);
    return 0;
}
