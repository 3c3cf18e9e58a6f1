// Reference solutions for notebooks/07-identity-mappings.ipynb
//== exercise 07.1 ==
// 0.5^k < 1e-6  <=>  k > 6 / log10(2) = 19.93, so k = 20 (0.5^20 = 9.5e-7; 0.5^19 = 1.9e-6).
int unitsForOneMillionth = (int) Math.floor(6 / Math.log10(2)) + 1;

//== exercise 07.2 ==
// g ⊙ F + (1 − g) ⊙ s; neg().add(1) computes 1 − g.
NDArray exclusiveGate(NDArray f, NDArray s, NDArray g) {
    return g.mul(f).add(g.neg().add(1).mul(s));
}

//== exercise 07.3 ==
// n = 9. Stage 1: 9 units 16->16; stage 2: 16->32 once, then 8 × 32->32; stage 3: 32->64 once, then 8 × 64->64.
long convShortcutParameters = 9 * 16 * 16 + (16 * 32 + 8 * 32 * 32) + (32 * 64 + 8 * 64 * 64);   // 45,824
