// Reference solutions for notebooks/05-resnet-architectures.ipynb.
// Each section replaces the learner's cell tagged exercise-<id>.

//== exercise 05.1 ==
ImageNetResNets.Stem stem = ImageNetResNets.Stem.IMAGENET;   // the change: the paper's 7×7 stride-2 stem and max-pool
Shape stage4Output = null;
double stemRunMacs = Double.NaN;
{
    SequentialBlock net = ImageNetResNets.resnet18(stem, 10);
    List<Complexity.Row> r = Complexity.rows(net, image);
    stage4Output = r.get(r.size() - 4).output();
    stemRunMacs = Complexity.macs(net, image) / 1e6;
    System.out.println(String.format("ResNet-18, stem %s, one 28×28 image: stage 4 outputs %s; %.1f million multiply-adds.", stem, stage4Output, stemRunMacs));
}
double myMacs = Math.round(stemRunMacs * 10) / 10.0;   // what a learner types: the printed number

//== exercise 05.2 ==
// Every layer has (32/28)^2 = 1.306 times the pixels; only the first convolution also reads 3 channels
// instead of 1, and it is a small share of the cost: a little over 1.3.
double cifarOverFashion = 1.31;
