/* gen_zoo.c: published figures (model zoo, devices, GPUs, links) the generator draws from; [S] sourced, [D] derived,
 * [A] assumed (docs/data.md). */
#include "gen/gen_private.h"

/* Tasks. [A] d_t: a 640x480x3 uint8 frame is 0.92 MB [D]; we assume high-quality JPEG at ~6:1,
   i.e. 0.15 MB (compressed sizes unsourced). [A] D_t: interactive video deadlines, detection tightest. */
const J3oZooTask J3oZooTasks[J3O_ZOO_NTASKS] = {
  {"segmentation", 0.150, 0.20}, {"depth", 0.150, 0.15},     {"normals", 0.150, 0.30},
  {"edge", 0.150, 0.30},         {"detection", 0.150, 0.10}, {"instance_seg", 0.150, 0.15},
};

/* Models: model_zoo.csv (columns memory_mb, gflops_2xmac_est or gflops, acc_<task>), order
   seg, depth, normals, edge, detection, instance_seg. Where the csv's FLOP convention is
   "unstated" the published gflops is used as is [A]. Source per row = csv `source` column. */
const J3oZooModel J3oZooModels[] = {
  /* github.com/yangyangxu0/DeMT README.md, NYUD-v2 table; multi-task; FLOP convention unstated [A] */
  {"DeMT_HRNet18", 19.0, 22.07, {0.714, 0.875, 0.942, 0.973, 0, 0}},
  {"DeMT_SwinT", 128.3, 100.7, {0.845, 0.883, 0.924, 0.980, 0, 0}},
  {"DeMT_SwinS", 212.1, 121.05, {0.939, 0.947, 0.951, 0.995, 0, 0}},
  {"DeMT_SwinB", 363.6, 153.65, {0.991, 0.995, 0.991, 1.000, 0, 0}},
  /* github.com/yangyangxu0/MQTransformer README.md, NYUD-v2 table; convention unstated [A] */
  {"MQTransformer_SwinL", 817.2, 365.25, {1.000, 0.973, 0.968, 0.996, 0, 0}},
  /* MQTransformer README (params/FLOPs) + prismformore/Multi-Task-Transformer InvPT/README.md; unstated [A] */
  {"InvPT_ViTL", 1608.4, 555.57, {0.977, 1.000, 1.000, 0.995, 0, 0}},
  /* github.com/DrSleep/light-weight-refinenet README.md model table; "FLOPs, B" unstated [A] */
  {"LWRefineNet_R50", 108.0, 33.0, {0.760, 0, 0, 0, 0, 0}},
  {"LWRefineNet_R101", 184.0, 52.0, {0.795, 0, 0, 0, 0, 0}},
  {"LWRefineNet_R152", 248.0, 71.0, {0.810, 0, 0, 0, 0, 0}},
  /* openvinotoolkit/open_model_zoo fcrn-dp-nyu-depth-v2-tf README.md (2xMAC) */
  {"FCRN_ResNet50_UpProj", 138.1, 63.5421, {0, 0.905, 0, 0, 0, 0}},
  /* github.com/dwofk/fast-depth README.md: 0.37 GMAC -> 0.74 GFLOP; params unpublished: 16 MB weights [A] */
  {"FastDepth_MobileNet", 16.0, 0.74, {0, 0.858, 0, 0, 0, 0}},
  /* isl-org/MiDaS README.md (21 M params) + TI edgeai-modelzoo (4.633 GMAC); only delta1 0.8667 is
     published, used as a_depth directly [A] (docs/data.md, Models) */
  {"MiDaS_v21_small", 84.0, 9.266, {0, 0.867, 0, 0, 0, 0}},
  /* pytorch/vision detection weights meta (_ops = GMAC, x2) */
  {"SSDLite320_MobileNetV3", 13.8, 1.166, {0, 0, 0, 0, 0.389, 0}},
  {"FasterRCNN_MobileNetV3_320_FPN", 77.5, 1.438, {0, 0, 0, 0, 0.417, 0}},
  {"FasterRCNN_MobileNetV3_FPN", 77.5, 8.988, {0, 0, 0, 0, 0.600, 0}},
  {"FasterRCNN_R50_FPN", 167.0, 268.76, {0, 0, 0, 0, 0.676, 0}},
  {"FasterRCNN_R50_FPN_v2", 174.8, 560.742, {0, 0, 0, 0, 0.854, 0}},
  /* ultralytics docs/en/models/yolo11.md (FLOPs = thop MACs x2) */
  {"YOLO11n", 10.4, 6.5, {0, 0, 0, 0, 0.722, 0}},
  {"YOLO11s", 37.6, 21.5, {0, 0, 0, 0, 0.859, 0}},
  {"YOLO11m", 80.4, 68.0, {0, 0, 0, 0, 0.941, 0}},
  {"YOLO11l", 101.2, 86.9, {0, 0, 0, 0, 0.976, 0}},
  {"YOLO11x", 227.6, 194.9, {0, 0, 0, 0, 1.000, 0}},
  /* ultralytics yolo11.md, Segmentation tab; multi-task (box + mask) */
  {"YOLO11n-seg", 11.6, 10.4, {0, 0, 0, 0, 0.711, 0.771}},
  {"YOLO11s-seg", 40.4, 35.5, {0, 0, 0, 0, 0.852, 0.911}},
  {"YOLO11m-seg", 89.6, 123.3, {0, 0, 0, 0, 0.941, 1.000}},
  /* pytorch/vision mask_rcnn.py weights meta (x2) */
  {"MaskRCNN_R50_FPN", 177.6, 268.76, {0, 0, 0, 0, 0.693, 0.834}},
  /* pytorch/vision segmentation weights meta (x2); COCO-VOC group normalized separately from NYUD-v2 */
  {"LRASPP_MobileNetV3", 12.9, 4.172, {0.859, 0, 0, 0, 0, 0}},
  {"DeepLabV3_MobileNetV3", 44.1, 20.904, {0.895, 0, 0, 0, 0, 0}},
  {"DeepLabV3_ResNet50", 168.0, 357.444, {0.985, 0, 0, 0, 0, 0}},
  {"DeepLabV3_ResNet101", 244.0, 517.486, {1.000, 0, 0, 0, 0, 0}},
};
const int J3oZooNModels = (int)(sizeof(J3oZooModels) / sizeof(J3oZooModels[0]));

/* Variants when the family needs more models than the zoo has for its tasks.
   int8: 1 B/param instead of 4 [D, docs/data.md Models]; GFLOP-eq x0.7 [D: Orin Nano Super TRT INT8/FP16
   latency ratio 0.63-0.80 over YOLO11 n..x, ultralytics nvidia-jetson.md]; accuracy x0.97 [A].
   pruned50: half the weights and compute, accuracy x0.93 [A]. */
const J3oZooVariant J3oZooVariants[] = {
  {"", 1.00, 1.00, 1.00},
  {"-int8", 0.25, 0.70, 0.97},
  {"-pruned50", 0.50, 0.50, 0.93},
  {"-int8-pruned50", 0.125, 0.35, 0.90},
};
const int J3oZooNVariants = (int)(sizeof(J3oZooVariants) / sizeof(J3oZooVariants[0]));

/* Client classes. RAM [S], F_n ranges [D] (effective g/t to marginal F): docs/data.md, Clients;
   S_n = 25-50 % of RAM for boards, ~1 GB for phones [A]; class mix [A]. */
const J3oZooClient J3oZooClients[] = {
  /* iPhone 11 GPU/NPU MiDaS small 0.20/0.28 TFLOP/s (MiDaS mobile/README.md); usable ~1 GB [A] */
  {"phone", 1024.0, 0.75, 1.25, 200.0, 280.0, 0.35},
  /* RPi5 8GB, NCNN/OpenVINO YOLO11 (ultralytics raspberry-pi.md): effective 0.074-0.12, marginal 0.14-0.15 */
  {"rpi5", 8192.0, 0.25, 0.50, 80.0, 150.0, 0.20},
  /* Jetson Nano 4GB, TRT FP16 ResNets (torch2trt JETSON_NANO.md): 0.27-0.32 TFLOP/s */
  {"jetson_nano", 4096.0, 0.25, 0.50, 270.0, 320.0, 0.15},
  /* Orin Nano Super 8GB, TRT FP16 YOLO11 (ultralytics nvidia-jetson.md): effective 1.3-5.9 TFLOP/s */
  {"orin_nano_super", 8192.0, 0.25, 0.50, 1300.0, 5900.0, 0.15},
  /* Orin NX 16GB, TRT FP16 YOLO11 (same): effective 1.3-5.4 TFLOP/s */
  {"orin_nx", 16384.0, 0.25, 0.50, 1300.0, 5400.0, 0.05},
  /* AGX Xavier 32GB, TRT FP16 ResNets (torch2trt JETSON_XAVIER.md): 2.2-2.76 TFLOP/s */
  {"agx_xavier", 32768.0, 0.25, 0.50, 2200.0, 2760.0, 0.05},
  /* camera without accelerator: F_n = S_n = 0, offload only [A] */
  {"camera", 0.0, 0.00, 0.00, 0.0, 0.0, 0.05},
};
const int J3oZooNClients = (int)(sizeof(J3oZooClients) / sizeof(J3oZooClients[0]));

/* Edge GPUs. Memory [S], F_e [D] (docs/data.md, Edges): T4 10,000 (Triton ORT-TRT) to
   19,000 (native TRT10); A100 28,000-100,000. No L4/A10 measurement: scaled from T4 [A]
   (L4 x1.93 = FP16 tensor dense 125.34/65; A10 x1.5, between T4 and L4). Mix [A]. */
const J3oZooEdge J3oZooEdges[] = {
  {"T4", 16384.0, 10000.0, 19000.0, 0.40},
  {"L4", 24576.0, 19300.0, 36700.0, 0.25},
  {"A10", 24576.0, 15000.0, 28500.0, 0.20},
  {"A100_40GB", 40960.0, 28000.0, 100000.0, 0.15},
};
const int J3oZooNEdges = (int)(sizeof(J3oZooEdges) / sizeof(J3oZooEdges[0]));

/* Client uplinks, MB/s = Mbps/8 [D] (docs/data.md, Clients): LTE US avg 6.3 Mbps (Opensignal 2019); 5G US
   operators 8-16.1 and global median 21.08 Mbps (Opensignal 2021, Ookla 2021); mmWave 30-39.9 Mbps
   (Opensignal 2021); fixed broadband 44.1-45.74 Mbps as Wi-Fi proxy [A] (Speedtest 2020). Mix [A]. */
const J3oZooLink J3oZooLinks[] = {
  {"lte", 0.79, 0.79, 0.25},
  {"5g", 1.00, 2.60, 0.40},
  {"mmwave", 3.75, 5.00, 0.10},
  {"wifi", 5.50, 5.70, 0.25},
};
const int J3oZooNLinks = (int)(sizeof(J3oZooLinks) / sizeof(J3oZooLinks[0]));

/* Candidate duty cycles [A]: 2c spans 0.02-0.2 s, i.e. the range of the task deadlines. */
const double J3oZooDutyCycles[] = {0.01, 0.02, 0.05, 0.1};
const int    J3oZooNDutyCycles  = 4;

/* g0 [D] (docs/data.md, Models): alpha*F = 2.36 ms x 10.1 TFLOP/s = 24 (T4 Triton ResNet-50 fit),
   1.33 ms x 19.3 TFLOP/s = 26 (T4 TRT10 YOLO11 fit), 4.1 ms x 6.7 = 28 (Orin Nano Super) GFLOP-eq. */
const double J3oZooG0Gflop = 25.0;
/* [A] activations/workspace per resident model: no source found. */
const double J3oZooWorkspaceMB = 64.0;
/* [A] S_e = GPU memory minus ~20 % runtime/workspace. */
const double J3oZooEdgeUsable = 0.8;
/* delta_e [D] (docs/data.md, Edges): WAN RTT 3-72 ms (Azure NA/EU), A100 TRT batch-1 1-3.5 ms (YOLOv8),
   fixed access 21 ms (Speedtest Sept 2020). */
const double J3oZooWanRttLo = 0.003, J3oZooWanRttHi = 0.072;
const double J3oZooCloudSvcLo = 0.001, J3oZooCloudSvcHi = 0.0035;
const double J3oZooAccessFixed = 0.021;
