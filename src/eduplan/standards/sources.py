"""The sources every number in ``eduplan.standards`` cites (ids of ``shared/spec/standards.md`` §7)."""

from __future__ import annotations

# Status letters of the spec: P = read in an official text or a government page quoting it; S = two or more
# agreeing secondary sources; 1 = one secondary source only; U = UNCONFIRMED (implemented as stated, flagged).
STATUSES: dict[str, str] = {
    "P": "官方文本或转引官方文本的政府网页",
    "S": "两个以上相互印证的二手来源",
    "1": "仅一个二手来源，发布前需核对",
    "U": "未经证实（UNCONFIRMED），按现有表述实现，发布前须核对教育部原文",
}

SOURCES: dict[str, str] = {
    "S1": "河北省县域义务教育优质均衡发展督导评估具体办法（转引教督〔2017〕6号） https://m.zixin.com.cn/doc/2278587.html",
    "S2": "优质均衡四个维度综述 https://www.fudaoke.com/exam/3242393.html",
    "S3": "2017-05-25 关于《县域义务教育优质均衡发展督导评估办法》的新闻 http://jintiankansha.me/t/aeF9N4QRmb",
    "S4": "关于《办法》一票否决、教师工资的新闻 http://www.jizihe.com/page/2017/0725/2096106.shtml",
    "S5": "安徽日报 2018 安徽省义务教育学校办学基本标准 http://www.pzljz.com/html/contentdetail5a56b0a34daee3f42d5e0c77.html",
    "S6": "鸠江区2023年义务教育基本均衡发展状况监测结果 https://www.jjq.gov.cn/openness/grassroots/6603441/38916753.html",
    "S7": "宁国市2022年义务教育差异系数监测结果（皖教督〔2018〕8号） https://275167.com/OpennessContent/download/2668105.html",
    "S8": "县域义务教育校际均衡指标计算方法（以生均图书册数为例） https://m.777doc.com/doc-2019910.html",
    "S9": "《义务教育均衡发展差异系数计算方法及数据来源》（地址未知）",
    "S10": "测算均衡系数拆分公式 https://www.dyhzdl.cn/k/doc/da4bfb8403d8ce2f0166234d.html",
    "S11": "安徽省6个区义务教育学校校际差异系数表 https://max.book118.com/html/2015/0816/23463879.shtm",
    "S12": "吉林省60个县义务教育学校校际差异系数表 https://m.wenke99.com/p-504402.html",
    "S13": "广东省人民政府教育督导室 2016 基本均衡公示（85分、85%）",
    "S14": "教育部：县域普惠性幼儿园覆盖率达到80%（2020-03-02） https://cqcb.com/wealth/2020-03-02/2223743_pc.html",
    "S15": "衡南县学前教育普及普惠督导评估总体规划 http://www.hengnan.gov.cn/jyj/zwgk/ghzj/20201221/i2250008.html",
    "S16": "学前教育普及普惠督导评估有关指标标准（南江县教科局） https://scnj.gov.cn/ztzl/jczwgkzl/gkly/ywjy/jydd/ywjyjhfzddpg/13957464.html",
    "S17": "河南省县域学前教育普及普惠督导评估实施方案（河南日报 2021-10-29） http://m.b4dc4.cn/yaowen/2021/1029/90641.html",
    "S18": "新华社 2020-03-02 教育部印发《县域学前教育普及普惠督导评估办法》 https://www.cqn.com.cn/ms/content/2020-03/02/content_8308508.htm",
    "S19": "第三期学前教育行动计划（2017） https://wsic.ac.cn/index.php?a=show&c=index&catid=3&id=786&m=content",
    "S20": "财新 2023-09-05 新时代基础教育扩优提质行动计划 https://www.caixin.com/2023-09-05/102100568.html",
    "S21": "国办发〔2001〕74号 中小学教职工编制标准表 http://imhan.cn/2/394444.html",
    "S22": "2014年城乡统一编制标准（小学1∶19、初中1∶13.5、高中1∶12.5） https://cidian.kuaisou.com/",
    "S23": "新华社 2018-08-28 我国城乡义务教育努力推动“四个统一” http://big5.cctv.com/gate/big5/news.cctv.com/2018/08/28/ARTIk1lpcXjRaNQAMgpro68N180828.shtml",
    "S24": "山东 调整中小学教职工编制标准（职员比例） https://soolun.net/periodical/38cb41ec2799bdae44c7ae0b6387697d.html",
    "S26": "幼儿园教职工配备标准（暂行）2013 http://m.handmsg.com/page/2013/0412/28118664.shtml",
    "S27": "幼儿园园长配备 https://www.tdivf.com/resources/266532.html",
    "S28": "全日制、寄宿制幼儿园编制标准（试行）1987 http://www.ideagreen.cn/jiaoan/gl/zcfg/201005/0162959.html",
    "S29": "教育部办公厅《关于加强学生心理健康管理工作的通知》（2021） http://www.victorzhang.cn/page/2021/0912/8838925.shtml",
    "S30": "学生心理健康工作专项行动计划（2023—2025年） http://jizihe.com/page/2023/0601/22545200.shtml",
    "S31": "班额分级（教育部定义） https://qianinfo.com/index/34/50/4586515.html",
    "S32": "城市普通中小学校校舍建设标准（建标102-2002）第六条 https://bbs.hlgnet.com/info/u1_27597587",
    "S33": "幼儿园工作规程（2016）第十一条 https://58gonglue.com/21686.html",
    "S39": "学前三年毛入园率定义 http://m.xjrb.net/guonei/2023/0316/100612.html",
    "S45": "特殊教育学校生均公用经费 4000→6000 元（2016） http://clubcadera.com/details.php?alias=hangye&id=966",
    "S46": "特殊教育学校生均公用经费 6000→7000 元（2025年春） https://gmteight.com/latest/detail/469365",
    "S47": "公开代码中的第三方督导评估软件配置（仓库名未知；spec/standards.md §7 S47-a…f）",
    "S49": "2022-06-21 教育部发布会（基本均衡四个方面） https://kan.china.com/article/1574989.html",
    "S50": "民法典 第一千二百五十九条（以上、以下包括本数） https://www.lvshuolvda.com/flwd/737306.html",
    "S51": "教督〔2012〕3号 通知 https://jyj.linyi.gov.cn/info/1380/14706.htm",
    "S52": "教督〔2012〕3号 通知（中国发展门户网） http://cn.chinagate.cn/education/2012-05/29/content_25510779.htm",
    "S54": "中小学教师配备（县城/农村比例、职员比例） https://app.ixiawen.com/question/49904753/bb1379ce1111485bcf642f8c88c83623.html",
    "S55": "安徽 2009 中小学教职工编制核定实施意见 http://www.lawyee.com.cn/html/text/lar/170503/17050365_4.html",
    "S56": "陕西省学生心理健康工作专项行动计划 2024 http://big5.china.com.cn/gate/big5/psy.china.com.cn/2024-05/10/content_42784488.htm",
    "SPEC": "eduplan shared/spec/standards.md（实现参考，汇编上述来源）",
}
