// Gymnasium BipedalWalker constants, written with the same arithmetic as bipedal_walker.py so that every derived
// double rounds the same way.
#pragma once

namespace boxwalk::gym {

constexpr int FPS = 50;
constexpr double SCALE = 30.0;
constexpr int MOTORS_TORQUE = 80;
constexpr int SPEED_HIP = 4;
constexpr int SPEED_KNEE = 6;
constexpr double LIDAR_RANGE = 160 / SCALE;
constexpr int INITIAL_RANDOM = 5;
constexpr double LEG_DOWN = -8 / SCALE;
constexpr double LEG_W = 8 / SCALE;
constexpr double LEG_H = 34 / SCALE;
constexpr int VIEWPORT_W = 600;
constexpr int VIEWPORT_H = 400;
constexpr double TERRAIN_STEP = 14 / SCALE;
constexpr int TERRAIN_LENGTH = 200;
constexpr double TERRAIN_HEIGHT = VIEWPORT_H / SCALE / 4;
constexpr int TERRAIN_GRASS = 10;
constexpr int TERRAIN_STARTPAD = 20;
constexpr double FRICTION = 2.5;

constexpr float TIME_STEP = static_cast<float>(1.0 / FPS);  // pybox2d converts the double 1.0/50 to float32
constexpr int VELOCITY_ITERATIONS = 6 * 30;
constexpr int POSITION_ITERATIONS = 2 * 30;
constexpr int LIDAR_RAYS = 10;

}  // namespace boxwalk::gym
