//== exercise 06.1 ==
long shirtTotal = 0;
for (int j = 0; j < 10; j++) shirtTotal += confusion[6][j];   // every test image whose true class is Shirt
double shirtAccuracy = (double) confusion[6][6] / shirtTotal;

//== exercise 06.2 ==
float lastLr = recipe.name().equals("paper")
    ? 0.1f / 10 / 10   // paper: divided by 10 at 50 % and again at 75 % of training
    : 0f;              // fast: the half cosine reaches 0 at the last step
