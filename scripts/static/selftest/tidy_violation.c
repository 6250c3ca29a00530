/*
 * Known defects, for `make tidy` to show it can fail (scripts/static/analyze.py tidy-selftest):
 * each line marked tidy-expect must be reported under the configuration in force (.clang-tidy).
 * Not built into anything.
 */
#define TWICE(x) x * 2 /* tidy-expect: bugprone-macro-parentheses */

int tidy_selftest(const int *p, int n);

int tidy_selftest(const int *p, int n)
{
    if (n > 0) /* tidy-expect: readability-braces-around-statements */
        return TWICE(*p);
    if (n < 0) { /* tidy-expect: bugprone-branch-clone */
        return n;
    } else {
        return n;
    }
}
