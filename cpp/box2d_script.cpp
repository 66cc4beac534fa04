#include "box2d_script.h"

#include <Box2D/Box2D.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <stdexcept>

namespace boxwalk {
namespace {

float32 f(double v) { return static_cast<float32>(v); }

b2BodyType body_type(double v) {
  if (v == 0) return b2_staticBody;
  if (v == 1) return b2_kinematicBody;
  if (v == 2) return b2_dynamicBody;
  throw std::invalid_argument("box2d script: a body type is 0 (static), 1 (kinematic) or 2 (dynamic)");
}

// A count or index: a whole number in [min, 2^31).
int whole(double v, double min, const char* what) {
  if (!(v >= min && v < 2147483648.0 && v == std::floor(v)))
    throw std::invalid_argument(std::string("box2d script: ") + what + " must be a whole number >= " +
                                std::to_string(static_cast<int>(min)));
  return static_cast<int>(v);
}

}  // namespace

std::vector<float> run_box2d_script(const std::vector<Box2DOp>& ops) {
  auto world = std::make_unique<b2World>(b2Vec2(0.0f, -10.0f));
  std::vector<b2Body*> bodies;
  std::vector<float> states;
  auto live = [&](double index) {
    const auto i = static_cast<std::size_t>(whole(index, 0, "a body number"));
    if (i >= bodies.size() || bodies[i] == nullptr)
      throw std::invalid_argument("box2d script: no live body " + std::to_string(i));
    return bodies[i];
  };
  auto add_body = [&](const b2BodyDef& def, const b2Shape& shape, float32 density) {
    b2Body* body = world->CreateBody(&def);
    b2FixtureDef fixture;
    fixture.shape = &shape;
    fixture.density = density;
    body->CreateFixture(&fixture);
    bodies.push_back(body);
  };
  for (const Box2DOp& o : ops) {
    const std::vector<double>& a = o.args;
    auto need = [&](std::size_t n) {
      if (a.size() != n)
        throw std::invalid_argument("box2d script: '" + o.op + "' takes " + std::to_string(n) + " arguments");
    };
    if (o.op == "box") {
      need(11);
      b2BodyDef def;
      def.type = body_type(a[0]);
      def.position.Set(f(a[1]), f(a[2]));
      def.angle = f(a[3]);
      def.linearVelocity.Set(f(a[6]), f(a[7]));
      def.angularVelocity = f(a[8]);
      def.bullet = a[10] != 0;
      b2PolygonShape shape;
      shape.SetAsBox(f(a[4]), f(a[5]));
      add_body(def, shape, f(a[9]));
    } else if (o.op == "edge") {
      need(4);
      b2EdgeShape shape;
      shape.Set(b2Vec2(f(a[0]), f(a[1])), b2Vec2(f(a[2]), f(a[3])));
      add_body(b2BodyDef(), shape, 0.0f);
    } else if (o.op == "set_type") {
      need(2);
      live(a[0])->SetType(body_type(a[1]));
    } else if (o.op == "destroy") {
      need(1);
      world->DestroyBody(live(a[0]));
      bodies[static_cast<std::size_t>(a[0])] = nullptr;  // live() checked it
    } else if (o.op == "substepping") {
      need(1);
      world->SetSubStepping(a[0] != 0);
    } else if (o.op == "continuous") {
      need(1);
      world->SetContinuousPhysics(a[0] != 0);
    } else if (o.op == "step") {
      need(3);
      const int n = whole(a[0], 0, "'step' n");
      const int32 velocity_iterations = whole(a[1], 1, "'step' velocity_iterations");
      const int32 position_iterations = whole(a[2], 1, "'step' position_iterations");
      for (int s = 0; s < n; ++s) {
        world->Step(1.0f / 50.0f, velocity_iterations, position_iterations);
        for (const b2Body* b : bodies) {
          if (b == nullptr) continue;
          const b2Vec2& p = b->GetPosition();
          const b2Vec2& v = b->GetLinearVelocity();
          states.insert(states.end(), {p.x, p.y, b->GetAngle(), v.x, v.y, b->GetAngularVelocity()});
        }
      }
    } else {
      throw std::invalid_argument("box2d script: unknown op '" + o.op + "'");
    }
  }
  return states;
}

}  // namespace boxwalk
