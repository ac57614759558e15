//===- DifferentiableOpInterface.cpp - interface definitions ---------------===//
#include "pcc/Interfaces/DifferentiableOpInterface.h"

#include "pcc/Interfaces/DifferentiableOpInterface.cpp.inc"
