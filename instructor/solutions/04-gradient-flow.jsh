// Reference solutions for notebook 04 (gradient flow). Each section replaces the tagged learner cell.

//== exercise 04.1 ==
// H(x) = w·x + x  →  dH/dx = 1 + w;   H(x) = w·x  →  dH/dx = w
double w04 = -0.3;
double residualDerivative = 1 + w04;
double plainDerivative = w04;

//== exercise 04.2 ==
// Blocks 1-9 are indices 0-8, blocks 19-27 are indices 18-26.
double firstStage = 0, lastStage = 0;
for (int i = 0; i < 9; i++) { firstStage += plain56.gradAtInit[i] / 9; lastStage += plain56.gradAtInit[18 + i] / 9; }
double firstStageOverLast = firstStage / lastStage;
System.out.println("first stage / last stage at initialisation: " + firstStageOverLast);

//== exercise 04.3 ==
// Each of the ten scaled shortcuts multiplies the clean term by λ = 0.5.
double shortcutFactor = 1;
for (int i = 0; i < 10; i++) shortcutFactor *= 0.5;
