/**
 * The Java code the ResNet notebooks share, loaded in every notebook with {@code %maven
 * org.resnetnotebooks:resnet-kit:0.1.0} and {@code import org.resnetnotebooks.kit.*;}.
 *
 * <p>One flat package, so that one import line serves every notebook. Its classes, by concern
 * ({@code kit/README.md} has the same map with a line per class):
 *
 * <ul>
 *   <li><b>Data</b>: {@link org.resnetnotebooks.kit.FashionMnist}, {@link
 *       org.resnetnotebooks.kit.Cifar10} (they parse), {@link org.resnetnotebooks.kit.DataFolder}
 *       (finds, verifies, caches), {@link org.resnetnotebooks.kit.ImageSet}, {@link
 *       org.resnetnotebooks.kit.ImageSetBuilder}, {@link org.resnetnotebooks.kit.LabelledImages},
 *       {@link org.resnetnotebooks.kit.DatasetChoice}, {@link
 *       org.resnetnotebooks.kit.AugmentedImages}, {@link org.resnetnotebooks.kit.SeededSampler},
 *       {@link org.resnetnotebooks.kit.DataException}, {@link org.resnetnotebooks.kit.Sha256}.
 *   <li><b>Nets</b>: {@link org.resnetnotebooks.kit.Nets}, {@link
 *       org.resnetnotebooks.kit.BasicBlock}, {@link org.resnetnotebooks.kit.BottleneckBlock},
 *       {@link org.resnetnotebooks.kit.ImageNetResNets}, {@link
 *       org.resnetnotebooks.kit.Complexity}, {@link org.resnetnotebooks.kit.BlockProbe}, {@link
 *       org.resnetnotebooks.kit.Gradients}.
 *   <li><b>Training</b>: {@link org.resnetnotebooks.kit.Training}, {@link
 *       org.resnetnotebooks.kit.MomentumSgd}, {@link org.resnetnotebooks.kit.WarmupCosine}, {@link
 *       org.resnetnotebooks.kit.Recipe}, {@link org.resnetnotebooks.kit.LabelSmoothingLoss}, {@link
 *       org.resnetnotebooks.kit.Checkpoints}, {@link org.resnetnotebooks.kit.StopButton}, {@link
 *       org.resnetnotebooks.kit.ShippedModel}, {@link org.resnetnotebooks.kit.TrainingEstimate},
 *       {@link org.resnetnotebooks.kit.ThroughputBenchmark}, {@link
 *       org.resnetnotebooks.kit.TimeToAccuracy}, {@link
 *       org.resnetnotebooks.kit.StepProfile}, {@link org.resnetnotebooks.kit.MxnetOperatorProfile},
 *       {@link org.resnetnotebooks.kit.NativeMemory}.
 *   <li><b>Display</b>: {@link org.resnetnotebooks.kit.Notebook}, {@link
 *       org.resnetnotebooks.kit.KernelDisplay}, {@link org.resnetnotebooks.kit.Charts}, {@link
 *       org.resnetnotebooks.kit.ChartSpec}, {@link org.resnetnotebooks.kit.ChartPicture}, {@link
 *       org.resnetnotebooks.kit.LiveChart}, {@link org.resnetnotebooks.kit.LiveProgress}, {@link
 *       org.resnetnotebooks.kit.PlotlyLibrary}, {@link org.resnetnotebooks.kit.ChartScript}, {@link
 *       org.resnetnotebooks.kit.ChartPage}, {@link org.resnetnotebooks.kit.Images}, {@link
 *       org.resnetnotebooks.kit.Html}, {@link org.resnetnotebooks.kit.TableFormat}, {@link
 *       org.resnetnotebooks.kit.MetricsLog}, {@link org.resnetnotebooks.kit.Exercises} and the
 *       exercises' checks {@code Checks01} … {@code Checks07}.
 *   <li><b>Environment</b>: {@link org.resnetnotebooks.kit.Settings} (every {@code RESNET_*}
 *       variable), {@link org.resnetnotebooks.kit.RunMode}, {@link
 *       org.resnetnotebooks.kit.DeviceReport}, {@link org.resnetnotebooks.kit.SystemProbe}, {@link
 *       org.resnetnotebooks.kit.Doctor}, {@link org.resnetnotebooks.kit.Errors}.
 *   <li><b>Results</b>: {@link org.resnetnotebooks.kit.Results}, {@link
 *       org.resnetnotebooks.kit.SeedSpread}, {@link org.resnetnotebooks.kit.RecipeRuns}.
 * </ul>
 *
 * <p>Where a class writes by hand what DJL has, its comment says what DJL's version lacks and a
 * test compares the two ({@code DjlSideBySideTest}, {@code CheckpointsTest}, {@code
 * WarmupCosineTest}, {@code LabelSmoothingLossTest}).
 */
package org.resnetnotebooks.kit;
