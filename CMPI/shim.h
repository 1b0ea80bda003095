// Open MPI for Swift: mpi.h, plus functions for the handles that mpi.h defines as macros
// over the library's globals (Swift imports neither the macros nor their casts).
#include <mpi.h>

static inline MPI_Comm ae_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype ae_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype ae_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype ae_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op ae_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op ae_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op ae_mpi_min(void) { return MPI_MIN; }
static inline int ae_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int ae_mpi_success(void) { return MPI_SUCCESS; }
static inline MPI_Errhandler ae_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
