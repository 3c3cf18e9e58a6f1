//== exercise 05.1 ==
int answer051 = 6 * 7 + 2;   // three stages × 7 blocks × 2 layers, plus the first conv and the linear layer

//== exercise 05.2 ==
long answer052 = 2L * (3 * 3 * 64 * 64)   // two 3×3 convolutions, 64 → 64 channels, no bias
               + 2L * (2 * 64);           // two batch norms, γ and β per channel
