/*
 * Known MISRA C 2012 violations, for `make misra` to show it can fail (scripts/static/analyze.py
 * misra-selftest): each line marked misra-expect must be reported by the addon, through the same
 * code as the real check. Not built into anything.
 */
static int selftest_value;

int misra_selftest(int x);

int misra_selftest(int x)
{
    if (x > 0) {
        goto out; /* misra-expect: 15.1 */
    }
    selftest_value = x + 010; /* misra-expect: 7.1 */
out:
    return selftest_value;
}
