// C interop shim: the CBLAS and LAPACKE interfaces of OpenBLAS and reference LAPACKE.
// Debian ships cblas.h for OpenBLAS under the openblas-pthread include directory
// (found through pkg-config "openblas"); lapacke.h lives in /usr/include.
#ifndef AGENT_ECONOMIES_CBLAS_SHIM_H
#define AGENT_ECONOMIES_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
