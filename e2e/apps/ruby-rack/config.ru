# A Rack app: the Ruby buildpack's default web command runs it with `bundle exec rackup config.ru -p $PORT`.
run lambda { |_env|
  [200, { "Content-Type" => "text/plain" }, ["Hello from Rack #{Rack.release} on Ruby #{RUBY_VERSION} (RACK_ENV=#{ENV["RACK_ENV"]})"]]
}
