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

//== exercise 07.4 ==
boolean zeroGamma = true;            // the change: every branch's last batch-norm gamma starts at 0
Run zeroGammaRun = !zeroGamma ? null : train(Variant.ORIGINAL, net -> {
    for (Unit u : units(net)) ((OriginalUnit) u).bn2.getParameters().get("gamma").getArray().muli(0);
});
if (zeroGammaRun == null) System.out.println("Nothing trained: that is the original net of section 5. Make the change first.");
else System.out.println(String.format("original unit, every branch's last γ starting at 0: final training error %.1f %%.", zeroGammaRun.finalTrainError()));
double myTrainError = Math.round(zeroGammaRun.finalTrainError() * 10) / 10.0;   // what a learner types: the printed number
