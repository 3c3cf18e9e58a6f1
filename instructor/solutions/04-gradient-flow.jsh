// Reference solutions for notebook 04 (gradient flow). Each section replaces the tagged learner cell.

//== exercise 04.1 ==
// H(x) = w·x + x  →  dH/dx = 1 + w;   H(x) = w·x  →  dH/dx = w
double w04 = -0.3;
double residualDerivative = 1 + w04;
double plainDerivative = w04;

//== exercise 04.2 ==
int smallestAtInit = 1;
for (int i = 1; i < plain56.gradAtInit.length; i++)
    if (plain56.gradAtInit[i] < plain56.gradAtInit[smallestAtInit - 1]) smallestAtInit = i + 1;
System.out.println("smallest gradient at initialisation: block " + smallestAtInit);

//== exercise 04.3 ==
// Each of the ten scaled shortcuts multiplies the clean term by λ = 0.5.
double shortcutFactor = 1;
for (int i = 0; i < 10; i++) shortcutFactor *= 0.5;
