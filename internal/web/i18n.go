package web

import "nscl/internal/fault"

// text returns the catalogue entry for key. A missing key shows as the key
// in brackets (a test keeps every key used in templates and Go code in the
// catalogue, in both languages).
func text(key string) fault.Text {
	if t, ok := catalogue[key]; ok {
		return t
	}
	return fault.Text{Vi: "[" + key + "]", En: "[" + key + "]"}
}

// catalogue holds every text of the pages: key → Vietnamese (NFC, with full
// diacritics) and English. Keys are "<page or area>.<name>". Each area keeps
// its texts in its own file; a test checks that no key is defined twice.
var catalogue = mergeText(catalogueParts()...)

// catalogueParts lists the texts of each area.
func catalogueParts() []map[string]fault.Text {
	return []map[string]fault.Text{coreText, qualityText, registryText, enterpriseFileText}
}

// mergeText returns the union of parts.
func mergeText(parts ...map[string]fault.Text) map[string]fault.Text {
	out := map[string]fault.Text{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// coreText holds the texts of the layout, accounts, administration and jobs.
var coreText = map[string]fault.Text{
	// layout
	"layout.skip":             {Vi: "Bỏ qua, đến nội dung chính", En: "Skip to main content"},
	"layout.tagline":          {Vi: "Năng suất – Chất lượng", En: "Productivity – Quality"},
	"layout.language":         {Vi: "Ngôn ngữ", En: "Language"},
	"layout.logout":           {Vi: "Đăng xuất", En: "Sign out"},
	"layout.menu":             {Vi: "Menu", En: "Menu"},
	"layout.main_nav":         {Vi: "Điều hướng chính", En: "Main navigation"},
	"layout.close":            {Vi: "Đóng", En: "Close"},
	"layout.footer_programme": {Vi: "Chương trình nâng cao năng suất và chất lượng sản phẩm, hàng hóa ngành công nghiệp giai đoạn 2021–2030", En: "Programme for raising the productivity and quality of industrial products and goods, 2021–2030"},
	"layout.footer_ministry":  {Vi: "Bộ Công Thương nước Cộng hòa xã hội chủ nghĩa Việt Nam", En: "Ministry of Industry and Trade of the Socialist Republic of Viet Nam"},

	// navigation
	"nav.home":      {Vi: "Trang chủ", En: "Home"},
	"nav.login":     {Vi: "Đăng nhập", En: "Sign in"},
	"nav.dashboard": {Vi: "Tổng quan", En: "Overview"},
	"nav.account":   {Vi: "Tài khoản", En: "Account"},
	"nav.jobs":      {Vi: "Công việc nền", En: "Background jobs"},
	"nav.users":     {Vi: "Người dùng", En: "Users"},
	"nav.audit":     {Vi: "Nhật ký", En: "Audit log"},
	"nav.outbox":    {Vi: "Hộp thư đi", En: "Outbox"},
	"nav.system":    {Vi: "Hệ thống", En: "System"},
	"nav.totp":      {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},

	// home and dashboard
	"home.title":           {Vi: "Trang chủ", En: "Home"},
	"home.heading":         {Vi: "Hệ thống thông tin Năng suất – Chất lượng ngành Công Thương", En: "Productivity and Quality information system of the industry and trade sector"},
	"home.lead":            {Vi: "NSCL là nền tảng của Bộ Công Thương phục vụ Chương trình nâng cao năng suất và chất lượng sản phẩm, hàng hóa ngành công nghiệp giai đoạn 2021–2030: doanh nghiệp, cơ quan quản lý, chuyên gia và đánh giá viên cùng làm việc trên một hệ thống.", En: "NSCL is the Ministry of Industry and Trade's platform for the programme to raise the productivity and quality of industrial products and goods, 2021–2030: enterprises, authorities, experts and assessors work on one system."},
	"home.sign_in":         {Vi: "Đăng nhập", En: "Sign in"},
	"home.programme.title": {Vi: "Chương trình quốc gia 2021–2030", En: "The national programme 2021–2030"},
	"home.programme.text":  {Vi: "Quyết định số 1322/QĐ-TTg ngày 31/8/2020 của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030: áp dụng tiêu chuẩn, hệ thống quản lý và công cụ cải tiến năng suất, chất lượng.", En: "Decision 1322/QĐ-TTg of 31 August 2020 by the Prime Minister approved the national programme supporting enterprises to raise the productivity and quality of products and goods, 2021–2030: applying standards, management systems and productivity and quality improvement tools."},
	"home.moit.title":      {Vi: "Vai trò của Bộ Công Thương", En: "The Ministry's role"},
	"home.moit.text":       {Vi: "Bộ Công Thương tổ chức thực hiện chương trình cho ngành công nghiệp, theo chiều rộng và chiều sâu: hỗ trợ doanh nghiệp áp dụng giải pháp cải tiến, xây dựng mô hình điểm để nhân rộng, đào tạo cán bộ thực hành cải tiến và chuyên gia tư vấn, tôn vinh doanh nghiệp và giải pháp hiệu quả.", En: "The Ministry of Industry and Trade runs the programme for industry, in breadth and in depth: helping enterprises apply improvement solutions, building pilot models to replicate, training improvement practitioners and consultants, and honouring effective enterprises and solutions."},
	"home.platform.title":  {Vi: "Nền tảng NSCL", En: "The NSCL platform"},
	"home.platform.text":   {Vi: "Doanh nghiệp, Sở Công Thương, chuyên gia và đánh giá viên đăng nhập bằng tài khoản được cấp. Cán bộ quản lý sử dụng xác thực hai bước.", En: "Enterprises, provincial departments, experts and assessors sign in with the account they were given. Officials use two-factor sign-in."},
	"dashboard.title":      {Vi: "Tổng quan", En: "Overview"},
	"dashboard.heading":    {Vi: "Tổng quan", En: "Overview"},
	"dashboard.welcome":    {Vi: "Xin chào", En: "Welcome,"},
	"dashboard.empty":      {Vi: "Chưa có chức năng nào dành cho vai trò của bạn.", En: "There is nothing for your role yet."},

	"card.account.title": {Vi: "Tài khoản của tôi", En: "My account"},
	"card.account.text":  {Vi: "Thông tin cá nhân, mật khẩu, ngôn ngữ và mã truy cập API.", En: "Profile, password, language and API tokens."},
	"card.account.link":  {Vi: "Mở tài khoản", En: "Open account"},
	"card.totp.title":    {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},
	"card.totp.text":     {Vi: "Bảo vệ tài khoản bằng mã từ ứng dụng xác thực trên điện thoại.", En: "Protect the account with codes from an authenticator app."},
	"card.totp.link":     {Vi: "Quản lý", En: "Manage"},
	"card.jobs.title":    {Vi: "Công việc nền", En: "Background jobs"},
	"card.jobs.text":     {Vi: "Theo dõi tiến độ các tác vụ dài như xuất dữ liệu và tải kết quả.", En: "Follow long tasks such as exports and download their results."},
	"card.jobs.link":     {Vi: "Xem công việc", En: "View jobs"},
	"card.users.title":   {Vi: "Người dùng", En: "Users"},
	"card.users.text":    {Vi: "Tạo, sửa, vô hiệu hóa tài khoản; gán vai trò và phạm vi.", En: "Create, edit and disable accounts; assign roles and scopes."},
	"card.users.link":    {Vi: "Quản lý người dùng", En: "Manage users"},
	"card.audit.title":   {Vi: "Nhật ký hệ thống", En: "Audit log"},
	"card.audit.text":    {Vi: "Ai đã làm gì, khi nào, trên đối tượng nào; xuất ra Excel.", En: "Who did what, when, to which object; export to Excel."},
	"card.audit.link":    {Vi: "Xem nhật ký", En: "View the log"},
	"card.outbox.title":  {Vi: "Hộp thư đi", En: "Outbox"},
	"card.outbox.text":   {Vi: "Các thư hệ thống đã gửi hoặc lưu, với trạng thái gửi.", En: "Mail the system sent or stored, with its delivery status."},
	"card.outbox.link":   {Vi: "Xem hộp thư đi", En: "View the outbox"},
	"card.system.title":  {Vi: "Tình trạng hệ thống", En: "System status"},
	"card.system.text":   {Vi: "Cơ sở dữ liệu, phiên bản lược đồ, hàng đợi công việc, phiên bản phần mềm.", En: "Database, schema version, job queue, software version."},
	"card.system.link":   {Vi: "Xem tình trạng", En: "View status"},

	// sign-in, two-factor, password reset
	"login.title":           {Vi: "Đăng nhập", En: "Sign in"},
	"login.heading":         {Vi: "Đăng nhập", En: "Sign in"},
	"login.submit":          {Vi: "Đăng nhập", En: "Sign in"},
	"login.forgot":          {Vi: "Quên mật khẩu?", En: "Forgot the password?"},
	"login2fa.title":        {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},
	"login2fa.heading":      {Vi: "Nhập mã xác thực", En: "Enter the sign-in code"},
	"login2fa.intro":        {Vi: "Mở ứng dụng xác thực trên điện thoại và nhập mã 6 chữ số cho NSCL.", En: "Open the authenticator app on your phone and enter the 6-digit code for NSCL."},
	"login2fa.hint":         {Vi: "Mất điện thoại? Nhập một mã khôi phục.", En: "Lost the phone? Enter a recovery code."},
	"login2fa.submit":       {Vi: "Xác nhận", En: "Confirm"},
	"login2fa.back":         {Vi: "Quay lại đăng nhập", En: "Back to sign-in"},
	"forgot.title":          {Vi: "Quên mật khẩu", En: "Forgotten password"},
	"forgot.heading":        {Vi: "Quên mật khẩu", En: "Forgotten password"},
	"forgot.intro":          {Vi: "Nhập email của tài khoản; chúng tôi sẽ gửi liên kết đặt lại mật khẩu, có hiệu lực trong một giờ.", En: "Enter the account's email; we will send a link to reset the password, valid for one hour."},
	"forgot.submit":         {Vi: "Gửi liên kết", En: "Send the link"},
	"forgot.email_required": {Vi: "Vui lòng nhập email.", En: "Please enter the email."},
	"forgot.sent_heading":   {Vi: "Hãy kiểm tra hộp thư", En: "Check your mailbox"},
	"forgot.sent_text":      {Vi: "Nếu tài khoản tồn tại, chúng tôi đã gửi liên kết đặt lại mật khẩu đến email đó. Liên kết có hiệu lực trong một giờ.", En: "If the account exists, we have sent a password reset link to that email. The link is valid for one hour."},
	"reset.title":           {Vi: "Đặt lại mật khẩu", En: "Reset the password"},
	"reset.heading":         {Vi: "Đặt mật khẩu mới", En: "Choose a new password"},
	"reset.submit":          {Vi: "Đặt mật khẩu", En: "Set the password"},

	// form fields and shared form texts
	"field.email":            {Vi: "Email", En: "Email"},
	"field.password":         {Vi: "Mật khẩu", En: "Password"},
	"field.new_password":     {Vi: "Mật khẩu mới", En: "New password"},
	"field.password2":        {Vi: "Nhập lại mật khẩu mới", En: "Repeat the new password"},
	"field.current_password": {Vi: "Mật khẩu hiện tại", En: "Current password"},
	"field.password_hint":    {Vi: "Ít nhất 10 ký tự, gồm chữ cái và chữ số hoặc ký hiệu.", En: "At least 10 characters, with letters and digits or symbols."},
	"field.code":             {Vi: "Mã xác thực", En: "Code"},
	"field.name":             {Vi: "Họ và tên", En: "Full name"},
	"field.role":             {Vi: "Vai trò", En: "Role"},
	"field.province":         {Vi: "Tỉnh/thành phố", En: "Province"},
	"field.enterprise":       {Vi: "Doanh nghiệp", En: "Enterprise"},
	"field.tax_code":         {Vi: "MST", En: "tax code"},
	"field.language":         {Vi: "Ngôn ngữ", En: "Language"},
	"form.save":              {Vi: "Lưu", En: "Save"},
	"form.cancel":            {Vi: "Hủy", En: "Cancel"},
	"form.invalid":           {Vi: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.", En: "Some fields are not valid; please check the marked fields."},
	"form.password_mismatch": {Vi: "Hai mật khẩu không khớp.", En: "The two passwords do not match."},
	"form.date_invalid":      {Vi: "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.", En: "Invalid date; use dd/mm/yyyy."},
	"filter.all":             {Vi: "Tất cả", En: "All"},
	"filter.apply":           {Vi: "Lọc", En: "Filter"},
	"filter.from":            {Vi: "Từ ngày", En: "From"},
	"filter.to":              {Vi: "Đến ngày", En: "To"},
	"pager.label":            {Vi: "Phân trang", En: "Pages"},
	"pager.prev":             {Vi: "Trước", En: "Previous"},
	"pager.next":             {Vi: "Sau", En: "Next"},
	"pager.page_of":          {Vi: "Trang %d / %d", En: "Page %d of %d"},
	"pager.total":            {Vi: "Tổng số: %s", En: "Total: %s"},

	// flash messages
	"flash.must_enrol_totp":  {Vi: "Vai trò của bạn bắt buộc dùng xác thực hai bước. Vui lòng bật trước khi tiếp tục.", En: "Your role requires two-factor sign-in. Please turn it on before you continue."},
	"flash.login_again":      {Vi: "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.", En: "The sign-in has expired; please sign in again."},
	"flash.logged_out":       {Vi: "Bạn đã đăng xuất.", En: "You have signed out."},
	"flash.password_reset":   {Vi: "Đã đặt mật khẩu mới. Vui lòng đăng nhập.", En: "The new password is set. Please sign in."},
	"flash.password_changed": {Vi: "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", En: "The password is changed. Other sessions have ended."},
	"flash.token_revoked":    {Vi: "Đã thu hồi mã truy cập.", En: "The token is revoked."},
	"flash.totp_already_on":  {Vi: "Xác thực hai bước đã được bật.", En: "Two-factor sign-in is already on."},
	"flash.totp_reset":       {Vi: "Đã tắt xác thực hai bước của người dùng; họ sẽ đăng ký lại khi đăng nhập.", En: "The user's two-factor sign-in is off; they enrol again at the next sign-in."},
	"flash.user_created":     {Vi: "Đã tạo người dùng.", En: "The user is created."},
	"flash.user_saved":       {Vi: "Đã lưu thay đổi.", En: "The changes are saved."},
	"flash.export_started":   {Vi: "Đã bắt đầu xuất dữ liệu; trang này cập nhật tiến độ.", En: "The export has started; this page shows its progress."},

	// account
	"account.title":           {Vi: "Tài khoản", En: "Account"},
	"account.heading":         {Vi: "Tài khoản của tôi", En: "My account"},
	"account.profile":         {Vi: "Thông tin cá nhân", En: "Profile"},
	"account.last_login":      {Vi: "Đăng nhập gần nhất", En: "Last sign-in"},
	"account.totp":            {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},
	"account.totp_manage":     {Vi: "Quản lý xác thực hai bước", En: "Manage two-factor sign-in"},
	"account.password":        {Vi: "Đổi mật khẩu", En: "Change the password"},
	"account.password_submit": {Vi: "Đổi mật khẩu", En: "Change the password"},

	"tokens.heading":            {Vi: "Mã truy cập API cá nhân", En: "Personal API tokens"},
	"tokens.intro":              {Vi: "Mã truy cập cho phép phần mềm khác gọi API NSCL với quyền của bạn. Giữ bí mật như mật khẩu.", En: "A token lets other software call the NSCL API with your permissions. Keep it secret, like a password."},
	"tokens.name":               {Vi: "Tên", En: "Name"},
	"tokens.prefix":             {Vi: "Mã", En: "Token"},
	"tokens.created":            {Vi: "Ngày tạo", En: "Created"},
	"tokens.expires":            {Vi: "Ngày hết hạn", En: "Expires"},
	"tokens.expires_hint":       {Vi: "Không bắt buộc; dạng dd/mm/yyyy. Để trống: không hết hạn.", En: "Optional; dd/mm/yyyy. Empty: never expires."},
	"tokens.last_used":          {Vi: "Dùng gần nhất", En: "Last used"},
	"tokens.status":             {Vi: "Trạng thái", En: "Status"},
	"tokens.actions":            {Vi: "Thao tác", En: "Actions"},
	"tokens.active":             {Vi: "Đang dùng", En: "Active"},
	"tokens.expired":            {Vi: "Hết hạn", En: "Expired"},
	"tokens.revoked":            {Vi: "Đã thu hồi", En: "Revoked"},
	"tokens.revoke":             {Vi: "Thu hồi", En: "Revoke"},
	"tokens.revoke_confirm":     {Vi: "Thu hồi mã truy cập này? Phần mềm đang dùng nó sẽ không truy cập được nữa.", En: "Revoke this token? Software using it will lose access."},
	"tokens.none":               {Vi: "Bạn chưa có mã truy cập nào.", En: "You have no tokens."},
	"tokens.create_heading":     {Vi: "Tạo mã truy cập mới", En: "Create a new token"},
	"tokens.create":             {Vi: "Tạo mã", En: "Create the token"},
	"tokens.new_secret_heading": {Vi: "Mã truy cập mới", En: "Your new token"},
	"tokens.new_secret_text":    {Vi: "Hãy sao chép và lưu mã này ngay: nó chỉ hiển thị một lần duy nhất.", En: "Copy and keep this token now: it is shown only this once."},

	"totp.title":         {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},
	"totp.heading":       {Vi: "Xác thực hai bước", En: "Two-factor sign-in"},
	"totp.intro":         {Vi: "Khi đăng nhập, ngoài mật khẩu bạn nhập thêm mã 6 chữ số từ ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…).", En: "When signing in, you enter a 6-digit code from an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…) besides the password."},
	"totp.on":            {Vi: "Đang bật", En: "On"},
	"totp.off":           {Vi: "Chưa bật", En: "Off"},
	"totp.codes_left":    {Vi: "Còn %d mã khôi phục chưa dùng.", En: "%d unused recovery codes left."},
	"totp.lost_phone":    {Vi: "Mất điện thoại và mã khôi phục? Liên hệ quản trị hệ thống để tắt xác thực hai bước rồi đăng ký lại.", En: "Lost the phone and the recovery codes? Ask an administrator to turn two-factor sign-in off, then enrol again."},
	"totp.required":      {Vi: "Vai trò của bạn bắt buộc dùng xác thực hai bước. Các chức năng khác sẽ mở sau khi bạn bật.", En: "Your role requires two-factor sign-in. Everything else opens once it is on."},
	"totp.start":         {Vi: "Bắt đầu", En: "Start"},
	"totp.restart":       {Vi: "Tạo mã QR mới", En: "Make a new QR code"},
	"totp.step_scan":     {Vi: "Bước 1. Quét mã QR bằng ứng dụng xác thực", En: "Step 1. Scan the QR code with the authenticator app"},
	"totp.qr_alt":        {Vi: "Mã QR để thêm NSCL vào ứng dụng xác thực", En: "QR code to add NSCL to the authenticator app"},
	"totp.manual":        {Vi: "Không quét được? Nhập khóa bí mật sau vào ứng dụng:", En: "Cannot scan? Type this secret key into the app:"},
	"totp.step_code":     {Vi: "Bước 2. Nhập mã 6 chữ số mà ứng dụng hiển thị", En: "Step 2. Enter the 6-digit code the app shows"},
	"totp.confirm":       {Vi: "Bật xác thực hai bước", En: "Turn on two-factor sign-in"},
	"totp.codes_heading": {Vi: "Mã khôi phục của bạn", En: "Your recovery codes"},
	"totp.codes_text":    {Vi: "Xác thực hai bước đã được bật. Hãy in hoặc lưu 10 mã khôi phục dưới đây ở nơi an toàn: mỗi mã dùng được một lần khi bạn không có điện thoại. Các mã chỉ hiển thị một lần.", En: "Two-factor sign-in is on. Print or save the 10 recovery codes below somewhere safe: each works once when you do not have the phone. They are shown only this once."},
	"totp.done":          {Vi: "Tôi đã lưu các mã", En: "I have saved the codes"},

	// admin: users
	"users.title":              {Vi: "Người dùng", En: "Users"},
	"users.heading":            {Vi: "Người dùng", En: "Users"},
	"users.new":                {Vi: "Thêm người dùng", En: "New user"},
	"users.new_title":          {Vi: "Thêm người dùng", En: "New user"},
	"users.edit_title":         {Vi: "Sửa người dùng", En: "Edit user"},
	"users.edit_heading":       {Vi: "Sửa người dùng", En: "Edit user"},
	"users.search":             {Vi: "Tìm kiếm", En: "Search"},
	"users.search_hint":        {Vi: "Email hoặc họ tên", En: "Email or name"},
	"users.scope":              {Vi: "Phạm vi", En: "Scope"},
	"users.status":             {Vi: "Trạng thái", En: "Status"},
	"users.active":             {Vi: "Hoạt động", En: "Active"},
	"users.disabled":           {Vi: "Vô hiệu hóa", En: "Disabled"},
	"users.none":               {Vi: "Không có người dùng nào phù hợp.", En: "No users match."},
	"users.choose_role":        {Vi: "— Chọn vai trò —", En: "— Choose a role —"},
	"users.province_hint":      {Vi: "Chỉ dùng cho Cán bộ Sở Công Thương.", En: "For provincial officers only."},
	"users.enterprise_tax":     {Vi: "Mã số thuế doanh nghiệp", En: "Enterprise tax code"},
	"users.enterprise_hint":    {Vi: "Chỉ dùng cho Đại diện doanh nghiệp; nhập mã số thuế (10 hoặc 13 chữ số), hoặc để trống để người dùng tự gửi yêu cầu nhận doanh nghiệp.", En: "For enterprise representatives only; enter the tax code (10 or 13 digits), or leave it empty for the user to claim their enterprise."},
	"users.tax_not_found":      {Vi: "Không tìm thấy doanh nghiệp có mã số thuế này.", En: "No enterprise has this tax code."},
	"users.new_password":       {Vi: "Mật khẩu mới (không bắt buộc)", En: "New password (optional)"},
	"users.new_password_hint":  {Vi: "Để trống để giữ mật khẩu hiện tại. Đặt mật khẩu mới sẽ kết thúc các phiên của người dùng.", En: "Leave empty to keep the password. A new password ends the user's sessions."},
	"users.disable":            {Vi: "Vô hiệu hóa tài khoản", En: "Disable the account"},
	"users.create":             {Vi: "Tạo người dùng", En: "Create the user"},
	"users.created":            {Vi: "Ngày tạo", En: "Created"},
	"users.locked_until":       {Vi: "Tạm khóa đến", En: "Locked until"},
	"users.reset_totp":         {Vi: "Tắt xác thực hai bước", En: "Turn two-factor sign-in off"},
	"users.reset_totp_confirm": {Vi: "Tắt xác thực hai bước của người dùng này? Họ sẽ phải đăng ký lại.", En: "Turn this user's two-factor sign-in off? They will have to enrol again."},

	// admin: audit log
	"audit.title":         {Vi: "Nhật ký hệ thống", En: "Audit log"},
	"audit.heading":       {Vi: "Nhật ký hệ thống", En: "Audit log"},
	"audit.export":        {Vi: "Xuất Excel", En: "Export to Excel"},
	"audit.at":            {Vi: "Thời điểm", En: "Time"},
	"audit.actor":         {Vi: "Người thực hiện", En: "Actor"},
	"audit.actor_id":      {Vi: "Mã người thực hiện", En: "Actor id"},
	"audit.actor_invalid": {Vi: "Nhập số định danh của người dùng.", En: "Enter the user's numeric id."},
	"audit.action":        {Vi: "Hành động", En: "Action"},
	"audit.object":        {Vi: "Đối tượng", En: "Object"},
	"audit.object_type":   {Vi: "Loại đối tượng", En: "Object type"},
	"audit.object_id":     {Vi: "Mã đối tượng", En: "Object id"},
	"audit.request_id":    {Vi: "Mã yêu cầu", En: "Request id"},
	"audit.system":        {Vi: "Hệ thống", En: "System"},
	"audit.details":       {Vi: "Chi tiết", En: "Details"},
	"audit.before":        {Vi: "Trước", En: "Before"},
	"audit.after":         {Vi: "Sau", En: "After"},
	"audit.none":          {Vi: "Không có mục nhật ký nào phù hợp.", En: "No entries match."},

	// admin: outbox
	"outbox.title":         {Vi: "Hộp thư đi", En: "Outbox"},
	"outbox.heading":       {Vi: "Hộp thư đi", En: "Outbox"},
	"outbox.message_title": {Vi: "Thư", En: "Message"},
	"outbox.intro":         {Vi: "Mọi thư hệ thống gửi đều được lưu tại đây. Khi chưa cấu hình SMTP, thư chỉ được lưu.", En: "Every message the system sends is kept here. Without SMTP settings, messages are only stored."},
	"outbox.time":          {Vi: "Thời điểm", En: "Time"},
	"outbox.to":            {Vi: "Người nhận", En: "To"},
	"outbox.subject":       {Vi: "Tiêu đề", En: "Subject"},
	"outbox.status":        {Vi: "Trạng thái", En: "Status"},
	"outbox.sent":          {Vi: "Đã gửi", En: "Sent"},
	"outbox.failed":        {Vi: "Gửi lỗi", En: "Failed"},
	"outbox.stored":        {Vi: "Chỉ lưu", En: "Stored"},
	"outbox.none":          {Vi: "Hộp thư đi trống.", En: "The outbox is empty."},

	// admin: system
	"system.title":       {Vi: "Tình trạng hệ thống", En: "System status"},
	"system.heading":     {Vi: "Tình trạng hệ thống", En: "System status"},
	"system.db":          {Vi: "Cơ sở dữ liệu", En: "Database"},
	"system.migrations":  {Vi: "Phiên bản lược đồ (hiện tại / mới nhất)", En: "Schema version (current / newest)"},
	"system.river":       {Vi: "Hàng đợi công việc (River)", En: "Job queue (River)"},
	"system.version":     {Vi: "Phiên bản phần mềm", En: "Software version"},
	"system.uptime":      {Vi: "Thời gian chạy", En: "Uptime"},
	"system.users":       {Vi: "Số người dùng", En: "Users"},
	"system.enterprises": {Vi: "Số doanh nghiệp", En: "Enterprises"},
	"system.ok":          {Vi: "Bình thường", En: "OK"},
	"system.pending":     {Vi: "Chưa cập nhật", En: "Pending"},
	"system.not_ok":      {Vi: "Có sự cố", En: "Not OK"},

	// jobs
	"jobs.title":     {Vi: "Công việc nền", En: "Background jobs"},
	"jobs.heading":   {Vi: "Công việc nền", En: "Background jobs"},
	"jobs.job_title": {Vi: "Công việc", En: "Job"},
	"jobs.intro":     {Vi: "Các tác vụ dài chạy ở nền; kết quả được giữ lại kể cả khi hệ thống khởi động lại.", En: "Long tasks run in the background; their results are kept across restarts."},
	"jobs.job":       {Vi: "Công việc", En: "Job"},
	"jobs.owner":     {Vi: "Người yêu cầu", En: "Owner"},
	"jobs.status":    {Vi: "Trạng thái", En: "Status"},
	"jobs.created":   {Vi: "Bắt đầu", En: "Started"},
	"jobs.finished":  {Vi: "Kết thúc", En: "Finished"},
	"jobs.none":      {Vi: "Chưa có công việc nào.", En: "No jobs yet."},
	"job.progress":   {Vi: "Tiến độ", En: "Progress"},
	"job.download":   {Vi: "Tải kết quả", En: "Download the result"},

	// errors
	"error.400":              {Vi: "Yêu cầu không hợp lệ", En: "Bad request"},
	"error.403":              {Vi: "Không có quyền truy cập", En: "Access denied"},
	"error.404":              {Vi: "Không tìm thấy trang", En: "Page not found"},
	"error.409":              {Vi: "Xung đột dữ liệu", En: "Conflict"},
	"error.413":              {Vi: "Nội dung gửi lên quá lớn", En: "Request too large"},
	"error.422":              {Vi: "Dữ liệu không hợp lệ", En: "Invalid input"},
	"error.429":              {Vi: "Quá nhiều yêu cầu", En: "Too many requests"},
	"error.500":              {Vi: "Lỗi hệ thống", En: "Internal error"},
	"error.503":              {Vi: "Dịch vụ tạm thời gián đoạn", En: "Service unavailable"},
	"error.page_not_found":   {Vi: "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.", En: "The page you are looking for does not exist or has moved."},
	"error.internal_message": {Vi: "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau; nếu lỗi lặp lại, hãy báo quản trị viên kèm mã yêu cầu bên dưới.", En: "An internal error occurred. Please try again later; if it happens again, tell the administrator the request id below."},
	"error.request_id":       {Vi: "Mã yêu cầu", En: "Request id"},
	"error.bad_request":      {Vi: "Yêu cầu không đọc được. Vui lòng tải lại trang và thử lại.", En: "The request could not be read. Please reload the page and try again."},
	"error.too_large":        {Vi: "Nội dung gửi lên quá lớn.", En: "The request body is too large."},
	"error.home":             {Vi: "Về trang chủ", En: "Go to the home page"},

	// quality monitoring (SPC) workspace
	"nav.quality":                 {Vi: "Chất lượng (SPC)", En: "Quality (SPC)"},
	"card.claim.title":            {Vi: "Nhận doanh nghiệp của bạn", En: "Claim your enterprise"},
	"card.claim.text":             {Vi: "Tài khoản chưa gắn với doanh nghiệp nào. Nhập mã số thuế để gửi yêu cầu; cán bộ Sở sẽ duyệt.", En: "Your account is not linked to an enterprise yet. Enter its tax code to send a claim; a provincial officer approves it."},
	"card.claim.link":             {Vi: "Gửi yêu cầu", En: "Send a claim"},
	"card.own_enterprise.title":   {Vi: "Hồ sơ doanh nghiệp", En: "Enterprise profile"},
	"card.own_enterprise.text":    {Vi: "Thông tin, số liệu hằng năm, quy mô, năng suất lao động và điều kiện tham gia chương trình.", En: "Details, yearly figures, size class, labour productivity and programme eligibility."},
	"card.own_enterprise.link":    {Vi: "Xem hồ sơ", En: "Open the profile"},
	"card.enterprises.title":      {Vi: "Sổ doanh nghiệp", En: "Enterprise registry"},
	"card.enterprises.text":       {Vi: "Tra cứu, lọc theo tỉnh, ngành, quy mô; hồ sơ và số liệu của doanh nghiệp; nhập và xuất tệp.", En: "Search and filter by province, industry and size; profiles and figures; import and export files."},
	"card.enterprises.link":       {Vi: "Mở sổ doanh nghiệp", En: "Open the registry"},
	"card.claims.title":           {Vi: "Yêu cầu nhận doanh nghiệp", En: "Enterprise claims"},
	"card.claims.text":            {Vi: "Duyệt yêu cầu của người dùng muốn đại diện cho một doanh nghiệp.", En: "Decide on users' requests to represent an enterprise."},
	"card.claims.link":            {Vi: "Xem yêu cầu", En: "Open the claims"},
	"card.settings.title":         {Vi: "Thiết lập chương trình", En: "Programme settings"},
	"card.settings.text":          {Vi: "Điều kiện tham gia các hướng hỗ trợ, có ngày hiệu lực.", En: "Eligibility rules of the programme tracks, with effective dates."},
	"card.settings.link":          {Vi: "Mở thiết lập", En: "Open the settings"},
	"card.quality.title":          {Vi: "Chất lượng (SPC)", En: "Quality (SPC)"},
	"card.quality.text":           {Vi: "Biểu đồ kiểm soát, năng lực quá trình, nhập và tải lên số đo, cảnh báo vi phạm quy tắc.", En: "Control charts, process capability, entering and uploading measurements, rule alerts."},
	"card.quality_aggregate.text": {Vi: "Chỉ số chất lượng tổng hợp của doanh nghiệp: số quá trình, năng lực Cpk, cảnh báo 30 ngày.", En: "Aggregate quality indicators of enterprises: processes, Cpk capability, alerts of the last 30 days."},
	"card.quality.link":           {Vi: "Mở", En: "Open"},
	"card.quality.alerts":         {Vi: "{n} cảnh báo mới", En: "{n} new alerts"},
}
