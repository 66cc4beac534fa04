#include "box2d_script.h"

#include <Box2D/Box2D.h>

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

}  // namespace

std::vector<float> run_box2d_script(const std::vector<Box2DOp>& ops) {
  auto world = std::make_unique<b2World>(b2Vec2(0.0f, -10.0f));
  std::vector<b2Body*> bodies;
  std::vector<float> states;
  auto live = [&](double index) {
    const auto i = static_cast<std::size_t>(index);
    if (index < 0 || static_cast<double>(i) != index || i >= bodies.size() || bodies[i] == nullptr)
      throw std::invalid_argument("box2d script: no live body " + std::to_string(index));
    return bodies[i];
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
      b2Body* body = world->CreateBody(&def);
      b2PolygonShape shape;
      shape.SetAsBox(f(a[4]), f(a[5]));
      b2FixtureDef fixture;
      fixture.shape = &shape;
      fixture.density = f(a[9]);
      body->CreateFixture(&fixture);
      bodies.push_back(body);
    } else if (o.op == "edge") {
      need(4);
      b2BodyDef def;
      b2Body* body = world->CreateBody(&def);
      b2EdgeShape shape;
      shape.Set(b2Vec2(f(a[0]), f(a[1])), b2Vec2(f(a[2]), f(a[3])));
      b2FixtureDef fixture;
      fixture.shape = &shape;
      body->CreateFixture(&fixture);
      bodies.push_back(body);
    } else if (o.op == "set_type") {
      need(2);
      live(a[0])->SetType(body_type(a[1]));
    } else if (o.op == "destroy") {
      need(1);
      world->DestroyBody(live(a[0]));
      bodies[static_cast<std::size_t>(a[0])] = nullptr;
    } else if (o.op == "substepping") {
      need(1);
      world->SetSubStepping(a[0] != 0);
    } else if (o.op == "continuous") {
      need(1);
      world->SetContinuousPhysics(a[0] != 0);
    } else if (o.op == "step") {
      need(3);
      if (a[0] < 0 || a[1] < 1 || a[2] < 1)
        throw std::invalid_argument("box2d script: 'step' needs n >= 0 and iterations >= 1");
      for (int s = 0; s < static_cast<int>(a[0]); ++s) {
        world->Step(1.0f / 50.0f, static_cast<int32>(a[1]), static_cast<int32>(a[2]));
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
