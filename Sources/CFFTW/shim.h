#ifndef TWITCHSCOPE_CFFTW_SHIM_H
#define TWITCHSCOPE_CFFTW_SHIM_H
#include <fftw3.h>
#endif
