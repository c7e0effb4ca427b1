# A plain WEBrick server: no Rack, so the start command comes from the Procfile.
require "webrick"

server = WEBrick::HTTPServer.new(Port: Integer(ENV.fetch("PORT", "8080")), BindAddress: "0.0.0.0", AccessLog: [])
server.mount_proc("/") do |_req, res|
  res["Content-Type"] = "text/plain"
  res.body = "Hello from WEBrick #{WEBrick::VERSION} on Ruby #{RUBY_VERSION}"
end
%w[INT TERM].each { |signal| trap(signal) { server.shutdown } }
server.start
