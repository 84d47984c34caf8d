/* A stand-in for Windows' bcryptprimitives.dll, for running the built programs under wine 8 in tests only.
 * Rust's standard library (cryptography, python-calamine) asks it for ProcessPrng, which Windows 10 has and
 * wine 8 lacks. Built by tests/installers/test_windows_build.py into the test's wine prefix; never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, in advapi32 */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
